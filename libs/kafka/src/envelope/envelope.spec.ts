import { DeserializationError } from '../errors';
import { createEnvelope, envelopeHeaders } from './envelope';
import { decodeEnvelope } from './decode';

describe('CloudEvents binary-mode envelope', () => {
  const time = new Date('2026-11-26T10:00:00.000Z');

  it('fills id, time and correlation from the event and the topic', () => {
    const envelope = createEnvelope(
      { key: 'order-1', data: { total: 5 }, id: 'evt-1', time },
      { type: 'orders.order.created', source: '/services/orders' },
    );
    expect(envelope).toEqual({
      id: 'evt-1',
      type: 'orders.order.created',
      source: '/services/orders',
      time: '2026-11-26T10:00:00.000Z',
      key: 'order-1',
      subject: undefined,
      correlationId: 'evt-1',
      causationId: undefined,
      traceparent: undefined,
      data: { total: 5 },
    });
  });

  it('writes the binding headers and our tracing extensions', () => {
    const envelope = createEnvelope(
      { key: 'order-1', data: {}, id: 'evt-2', time, correlationId: 'saga-9', causationId: 'evt-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      { type: 'orders.order.created', source: '/services/orders' },
    );
    expect(envelopeHeaders(envelope)).toEqual({
      ce_id: 'evt-2',
      ce_type: 'orders.order.created',
      ce_source: '/services/orders',
      ce_specversion: '1.0',
      ce_time: '2026-11-26T10:00:00.000Z',
      'content-type': 'application/json',
      ce_correlationid: 'saga-9',
      ce_causationid: 'evt-1',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
  });

  it('decodes what it encodes (headers arrive as Buffers from kafkajs)', () => {
    const envelope = createEnvelope({ key: 'order-1', data: { total: 5 }, time, causationId: 'c-1' }, { type: 't', source: '/s' });
    const headers = Object.fromEntries(Object.entries(envelopeHeaders(envelope)).map(([k, v]) => [k, Buffer.from(v)]));
    const decoded = decodeEnvelope('orders.order.created', {
      key: Buffer.from('order-1'),
      value: Buffer.from(JSON.stringify({ total: 5 })),
      headers,
    });
    expect(decoded).toEqual({ ...envelope, subject: undefined, traceparent: undefined });
  });

  it('writes each event time as ISO 8601, now when the event gives none', () => {
    const at = (time?: Date): string => createEnvelope({ key: 'k', data: 1, time }, { type: 't', source: '/s' }).time;
    expect(at(new Date('2026-11-26T10:00:00.001Z'))).toBe('2026-11-26T10:00:00.001Z');
    expect(at(new Date('2026-11-26T10:00:00.001Z'))).toBe('2026-11-26T10:00:00.001Z');
    expect(at(new Date('2027-01-02T03:04:05.678Z'))).toBe('2027-01-02T03:04:05.678Z');
    const before = Date.now();
    const now = Date.parse(at());
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(at(null as unknown as undefined))).toBeGreaterThanOrEqual(before);
    expect(() => at(new Date('not a date'))).toThrow(RangeError);
    expect(at(new Date('2026-11-26T10:00:00.001Z'))).toBe('2026-11-26T10:00:00.001Z');
  });

  it.each([
    ['missing ce_id', { ce_type: 't', ce_source: 's', ce_specversion: '1.0' }, '{}', /missing CloudEvents headers/],
    ['another spec version', { ce_id: '1', ce_type: 't', ce_source: 's', ce_specversion: '0.3' }, '{}', /expected ce_specversion 1.0, received 0.3/],
    ['not JSON', { ce_id: '1', ce_type: 't', ce_source: 's', ce_specversion: '1.0' }, '{oops', /not valid JSON/],
    ['another content type', { ce_id: '1', ce_type: 't', ce_source: 's', ce_specversion: '1.0', 'content-type': 'text/plain' }, 'x', /expected content-type application\/json, received text\/plain/],
  ])('refuses a message with %s as a non-retriable DeserializationError', (_, headers, value, message) => {
    const decode = (): unknown => decodeEnvelope('orders.order.created', { key: 'k', value, headers });
    expect(decode).toThrow(DeserializationError);
    expect(decode).toThrow(message);
  });
});
