// kafkajs ships no types for its protocol internals; these are the modules patches/ rewrites.
// @ts-expect-error untyped kafkajs internals
import Decoder from 'kafkajs/src/protocol/decoder';
// @ts-expect-error untyped kafkajs internals
import encodeRecord from 'kafkajs/src/protocol/recordBatch/record/v0';
// @ts-expect-error untyped kafkajs internals
import { RecordBatch } from 'kafkajs/src/protocol/recordBatch/v0';
// @ts-expect-error untyped kafkajs internals
import decodeRecordBatch from 'kafkajs/src/protocol/recordBatch/v0/decoder';
import { RAW_HEADERS, type RawHeaderBytes } from '../envelope/header-bytes';
import { GOLDEN_BATCH_HEX } from '../producer/kafkajs-golden-batch.spec-helper';

/**
 * patches/kafkajs+2.2.4.patch makes kafkajs decode a record's headers when they are first read
 * (record/v0/lazyHeaders.js). What a reader sees must not change: these are the records kafkajs
 * 2.2.4 decodes from a batch it wrote itself (the golden batch of kafkajs-encoding.spec.ts): a
 * CloudEvents record, then one with non-ASCII, a repeated header, Buffers and an empty value.
 */
const goldenBatch = Buffer.from(GOLDEN_BATCH_HEX, 'hex');

type Headers = Record<string, Buffer | Buffer[] | null>;
interface DecodedRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Headers;
  [RAW_HEADERS]?: RawHeaderBytes;
}

async function decodeGolden(): Promise<DecodedRecord[]> {
  const batch = await decodeRecordBatch(new Decoder(goldenBatch));
  return batch.records;
}

const cloudEventHeaders = {
  ce_id: Buffer.from('0b9e4f7a-3c1d-4e55-9a0b-1f2e3d4c5b6a'),
  ce_type: Buffer.from('orders.order.created'),
  ce_source: Buffer.from('/services/orders'),
  ce_specversion: Buffer.from('1.0'),
  ce_time: Buffer.from('2026-11-26T17:00:00.000Z'),
  'content-type': Buffer.from('application/json'),
  ce_correlationid: Buffer.from('0b9e4f7a-3c1d-4e55-9a0b-1f2e3d4c5b6a'),
};
const unusualHeaders = {
  ünïcode: Buffer.from('ß'.repeat(70)),
  multi: [Buffer.from('a'), Buffer.from('b')],
  empty: Buffer.alloc(0),
};

describe('kafkajs record decoding (patched: headers decoded when read)', () => {
  it('gives the records kafkajs 2.2.4 decodes, properties in the same order', async () => {
    const [cloudEvent, unusual] = await decodeGolden();
    expect(Object.keys(cloudEvent)).toEqual([
      'magicByte',
      'attributes',
      'timestamp',
      'offset',
      'key',
      'value',
      'headers',
      'isControlRecord',
      'batchContext',
    ]);
    expect(cloudEvent).toMatchObject({
      offset: '0',
      timestamp: '1764176400000',
      key: Buffer.from('order-42'),
      value: Buffer.from('{"orderId":"order-42","total":12.5}'),
      headers: cloudEventHeaders,
      isControlRecord: false,
    });
    expect(unusual).toMatchObject({
      offset: '1',
      timestamp: '1764176400005',
      key: Buffer.from('clé'),
      value: Buffer.from([0, 1, 2, 255]),
      headers: unusualHeaders,
    });
  });

  it('copies the headers with the record (spread, Object.assign, JSON)', async () => {
    const [record] = await decodeGolden();
    expect({ ...record }.headers).toEqual(cloudEventHeaders);
    const [again] = await decodeGolden();
    expect(Object.assign({}, again).headers).toEqual(cloudEventHeaders);
    const [third] = await decodeGolden();
    expect(JSON.parse(JSON.stringify(third)).headers.ce_type).toEqual(
      JSON.parse(JSON.stringify(cloudEventHeaders.ce_type)),
    );
  });

  it('decodes once: the same object on every read, which the reader may change', async () => {
    const [record] = await decodeGolden();
    const headers = record.headers;
    expect(record.headers).toBe(headers);
    headers.extra = Buffer.from('x');
    expect(record.headers.extra).toEqual(Buffer.from('x'));
    expect(Object.getOwnPropertyDescriptor(record, 'headers')).toMatchObject({
      value: headers,
      writable: true,
      enumerable: true,
    });
  });

  it('reads the headers of a record frozen before they were read', async () => {
    const [record] = await decodeGolden();
    Object.freeze(record);
    expect(record.headers).toEqual(cloudEventHeaders);
    expect(record.headers).toEqual(cloudEventHeaders);
  });

  it('lets the headers be assigned before they were read', async () => {
    const [record] = await decodeGolden();
    record.headers = { replaced: Buffer.from('yes') };
    expect(record.headers).toEqual({ replaced: Buffer.from('yes') });
  });

  it('leaves the undecoded header bytes, hidden, until the headers are read or assigned', async () => {
    const [read, assigned] = await decodeGolden();
    const raw = read[RAW_HEADERS]!;
    expect(raw.count).toBe(7);
    expect(raw.buffer!.subarray(raw.offset, raw.offset + 6)).toEqual(Buffer.from('\x0ace_id'));
    expect(Object.keys(read)).not.toContain(RAW_HEADERS);
    expect(Object.getOwnPropertySymbols({ ...read })).toEqual([]);

    void read.headers;
    expect(read[RAW_HEADERS]!.buffer).toBeUndefined();
    assigned.headers = {};
    expect(assigned[RAW_HEADERS]!.buffer).toBeUndefined();
  });

  it('decodes a record without headers to an empty object, with nothing left undecoded', async () => {
    const batch: { buffer: Buffer } = await RecordBatch({
      records: [encodeRecord({ key: 'k', value: 'v', headers: {} })],
    });
    const [record] = (await decodeRecordBatch(new Decoder(batch.buffer))).records;
    expect(record.value).toEqual(Buffer.from('v'));
    expect(Object.getOwnPropertyDescriptor(record, 'headers')).toMatchObject({ value: {} });
    expect(record[RAW_HEADERS]).toBeUndefined();
  });
});
