// kafkajs ships no types for its protocol internals; these are the modules patches/ rewrites.
// @ts-expect-error untyped kafkajs internals
import encodeRecord from 'kafkajs/src/protocol/recordBatch/record/v0';
// @ts-expect-error untyped kafkajs internals
import { RecordBatch } from 'kafkajs/src/protocol/recordBatch/v0';
// @ts-expect-error untyped kafkajs internals
import crc32C from 'kafkajs/src/protocol/recordBatch/crc32C';
import { GOLDEN_BATCH_HEX } from './kafkajs-golden-batch.spec-helper';

/**
 * patches/kafkajs+2.2.4.patch rewrites how kafkajs encodes records, record batches and their
 * CRC, never the bytes. These are the bytes unpatched kafkajs 2.2.4 writes for the same input:
 * a patch that changes any of them fails here, before a broker sees a malformed batch.
 */
const cloudEvent = {
  key: Buffer.from('order-42'),
  value: '{"orderId":"order-42","total":12.5}',
  headers: {
    ce_id: '0b9e4f7a-3c1d-4e55-9a0b-1f2e3d4c5b6a',
    ce_type: 'orders.order.created',
    ce_source: '/services/orders',
    ce_specversion: '1.0',
    ce_time: '2026-11-26T17:00:00.000Z',
    'content-type': 'application/json',
    ce_correlationid: '0b9e4f7a-3c1d-4e55-9a0b-1f2e3d4c5b6a',
  },
};
/** Off the fast path's common case: non-ASCII, a repeated header, a Buffer value, a 2^40 delta. */
const unusual = {
  key: 'clé',
  value: Buffer.from([0, 1, 2, 255]),
  headers: { ünïcode: 'ß'.repeat(70), multi: ['a', Buffer.from('b')], empty: '' },
};

type Encoded = { buffer: Buffer };
const hex = (encoder: Encoded): string => encoder.buffer.toString('hex');

describe('kafkajs record encoding (patched)', () => {
  it('writes a CloudEvents record byte for byte as kafkajs 2.2.4 does', () => {
    expect(hex(encodeRecord({ ...cloudEvent, offsetDelta: 3, timestampDelta: 17 }))).toBe(
      'b804002206106f726465722d3432467b226f726465724964223a226f726465722d3432222c22746f' +
        '74616c223a31322e357d0e0a63655f69644830623965346637612d336331642d346535352d396130' +
        '622d3166326533643463356236610e63655f74797065286f72646572732e6f726465722e63726561' +
        '7465641263655f736f75726365202f73657276696365732f6f72646572731c63655f737065637665' +
        '7273696f6e06312e300e63655f74696d6530323032362d31312d32365431373a30303a30302e3030' +
        '305a18636f6e74656e742d74797065206170706c69636174696f6e2f6a736f6e2063655f636f7272' +
        '656c6174696f6e69644830623965346637612d336331642d346535352d396130622d316632653364' +
        '346335623661',
    );
  });

  it('writes non-ASCII strings, repeated headers, Buffers and large deltas as kafkajs 2.2.4 does', () => {
    expect(hex(encodeRecord({ ...unusual, offsetDelta: 0, timestampDelta: 2 ** 40 }))).toBe(
      '8403008080808080400008636cc3a908000102ff0812c3bc6ec3af636f64659802c39fc39fc39fc3' +
        '9fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc3' +
        '9fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc3' +
        '9fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc39fc3' +
        '9fc39fc39fc39fc39fc39fc39f0a6d756c746902610a6d756c746902620a656d70747900',
    );
  });

  it('frames a record batch (header, CRC, records) as kafkajs 2.2.4 does', async () => {
    const batch: Encoded = await RecordBatch({
      records: [
        encodeRecord({ ...cloudEvent, offsetDelta: 0, timestampDelta: 0 }),
        encodeRecord({ ...unusual, offsetDelta: 1, timestampDelta: 5 }),
      ],
      firstTimestamp: 1764176400000,
      maxTimestamp: 1764176400005,
      producerId: 7,
      producerEpoch: 1,
      firstSequence: 10,
      lastOffsetDelta: 1,
    });
    expect(hex(batch)).toBe(GOLDEN_BATCH_HEX);
  });

  it('computes CRC-32C: the check value of "123456789"', () => {
    expect(crc32C(Buffer.from('123456789'))).toBe(3808858755);
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
  });
});
