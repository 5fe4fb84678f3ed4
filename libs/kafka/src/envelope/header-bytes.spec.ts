import { DeserializationError } from '../errors';
import { decodeEnvelope, type RawMessage } from './decode';
import { RAW_HEADERS } from './header-bytes';

/**
 * decodeEnvelope reads the header bytes in place when the client left them (our patched kafkajs
 * does). The headers object is the reference: both ways must give the same envelope or the same
 * error. The bytes are what Kafka's record format holds: a zigzag varint length, then the bytes.
 */
type Header = [name: string, value: string | null];

function zigzag(value: number): number[] {
  const bytes: number[] = [];
  let rest = (value << 1) ^ (value >> 31);
  while ((rest & ~0x7f) !== 0) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return bytes;
}

function field(value: string | null): number[] {
  if (value === null) return zigzag(-1);
  const bytes = [...Buffer.from(value)];
  return [...zigzag(bytes.length), ...bytes];
}

/** A message as the patched kafkajs hands it over: headers undecoded, found through RAW_HEADERS. */
function withHeaderBytes(headers: Header[], value: string | null = '{"total":5}'): RawMessage {
  // Bytes before the headers, as in a record, so the offset is not 0.
  const prefix = [1, 2, 3];
  const buffer = Buffer.from([
    ...prefix,
    ...headers.flatMap(([name, text]) => [...field(name), ...field(text)]),
  ]);
  const message = {
    key: Buffer.from('order-1'),
    value: value === null ? null : Buffer.from(value),
  };
  Object.defineProperty(message, RAW_HEADERS, {
    value: { buffer, offset: prefix.length, count: headers.length },
  });
  Object.defineProperty(message, 'headers', {
    enumerable: true,
    configurable: true,
    get: () => {
      throw new Error('the headers object was read');
    },
  });
  return message as RawMessage;
}

/** The same message with a headers object, as stock kafkajs decodes it. */
function withHeaderObject(headers: Header[], value: string | null = '{"total":5}'): RawMessage {
  const object: Record<string, Buffer | Buffer[] | null> = {};
  for (const [name, text] of headers) {
    const buffer = text === null ? null : Buffer.from(text);
    const existing = object[name];
    object[name] =
      existing === undefined
        ? buffer
        : Array.isArray(existing)
          ? [...existing, buffer!]
          : [existing!, buffer!];
  }
  return {
    key: Buffer.from('order-1'),
    value: value === null ? null : Buffer.from(value),
    headers: object as RawMessage['headers'],
  };
}

const required: Header[] = [
  ['ce_id', 'evt-1'],
  ['ce_type', 'orders.order.created'],
  ['ce_source', '/services/orders'],
  ['ce_specversion', '1.0'],
];

function outcome(decode: () => unknown): unknown {
  try {
    return decode();
  } catch (error) {
    return { threw: (error as Error).constructor.name, message: (error as Error).message };
  }
}

describe('decodeEnvelope from header bytes', () => {
  it.each<[string, Header[]]>([
    [
      'the binding headers of a first event',
      [
        ...required,
        ['ce_time', '2026-11-26T10:00:00.000Z'],
        ['content-type', 'application/json'],
        ['ce_correlationid', 'evt-1'],
      ],
    ],
    [
      'every optional header',
      [
        ...required,
        ['ce_time', 't'],
        ['ce_subject', 'order-1'],
        ['ce_correlationid', 'saga-9'],
        ['ce_causationid', 'evt-0'],
        ['traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
      ],
    ],
    [
      'headers in another order, with foreign ones between',
      [
        ['x-other', 'ce_id'],
        ['ce_specversion', '1.0'],
        ['ce_source', '/s'],
        ['retry_attempts', '2'],
        ['ce_type', 't'],
        ['ce_id', 'e'],
      ],
    ],
    [
      'a repeated header (its first value counts)',
      [
        ['ce_id', 'first'],
        ...required.slice(1),
        ['ce_id', 'second'],
        ['ce_correlationid', 'c'],
        ['ce_correlationid', 'd'],
      ],
    ],
    [
      'non-ASCII values and a long one',
      [
        ...required.slice(0, 2),
        ['ce_source', '/services/bestellungen-ü'],
        ['ce_specversion', '1.0'],
        ['ce_subject', 'ß'.repeat(100)],
      ],
    ],
    [
      'a content type with parameters',
      [...required, ['content-type', 'application/json; charset=utf-8']],
    ],
    [
      'a correlation id of the id’s length, not the id',
      [...required, ['ce_correlationid', 'evt-2']],
    ],
    ['a name that only starts like ours', [...required, ['ce_timex', 'no'], ['ce_tim', 'no']]],
    ['no ce_id', required.slice(1)],
    ['an empty ce_type', [required[0], ['ce_type', ''], ...required.slice(2)]],
    ['another spec version', [...required.slice(0, 3), ['ce_specversion', '0.3']]],
    ['no spec version', required.slice(0, 3)],
    ['another content type', [...required, ['content-type', 'text/plain']]],
    ['no headers at all', []],
  ])('%s: the same as from the headers object', (_, headers) => {
    expect(outcome(() => decodeEnvelope('orders.order.created', withHeaderBytes(headers)))).toEqual(
      outcome(() => decodeEnvelope('orders.order.created', withHeaderObject(headers))),
    );
  });

  it('refuses a value that is not JSON, or none, as the headers object path does', () => {
    for (const value of ['{oops', null]) {
      const decode = (): unknown => decodeEnvelope('t', withHeaderBytes(required, value));
      expect(decode).toThrow(DeserializationError);
      expect(outcome(decode)).toEqual(
        outcome(() => decodeEnvelope('t', withHeaderObject(required, value))),
      );
    }
  });

  it('decodes one message after another whose repeating values differ', () => {
    const sources = ['/services/a', '/services/b', '/services/b', '/services/a', '/services/aa'];
    const decoded = sources.map((source, i) =>
      decodeEnvelope(
        't',
        withHeaderBytes([
          ['ce_id', `e${i}`],
          ['ce_type', 't'],
          ['ce_source', source],
          ['ce_specversion', '1.0'],
          ['ce_time', `${i % 2}`],
        ]),
      ),
    );
    expect(decoded.map((event) => [event.source, event.time])).toEqual(
      sources.map((source, i) => [source, `${i % 2}`]),
    );
  });

  it('leaves a null value of a header it reads to the headers object', () => {
    const headers: Header[] = [...required, ['ce_subject', null]];
    const message = withHeaderBytes(headers);
    Object.defineProperty(message, 'headers', { value: withHeaderObject(headers).headers });
    expect(outcome(() => decodeEnvelope('t', message))).toEqual(
      outcome(() => decodeEnvelope('t', withHeaderObject(headers))),
    );
  });

  it('ignores a null value of a header it does not read', () => {
    expect(decodeEnvelope('t', withHeaderBytes([...required, ['x-other', null]])).id).toBe('evt-1');
  });

  it('reads the headers object once the client says the bytes are gone', () => {
    const message = withHeaderBytes(required);
    (message as unknown as Record<symbol, { buffer?: Buffer }>)[RAW_HEADERS].buffer = undefined;
    Object.defineProperty(message, 'headers', {
      value: withHeaderObject([...required.slice(1), ['ce_id', 'from-object']]).headers,
    });
    expect(decodeEnvelope('t', message).id).toBe('from-object');
  });
});
