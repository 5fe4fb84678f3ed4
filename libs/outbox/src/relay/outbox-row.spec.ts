import { EnvelopeHeader } from '@platform/kafka';
import { toJsonEvent } from './outbox-row';

describe('toJsonEvent', () => {
  it('uses the row id as the envelope id, the aggregate id as key and the row time as event time', () => {
    const created = new Date('2025-01-02T03:04:05.678Z');
    expect(
      toJsonEvent({
        id: 'f1d2',
        aggregateid: 'o-1',
        topic: 'orders.order.placed',
        payload: '{"total": 1}',
        headers: { [EnvelopeHeader.CorrelationId]: 'c', [EnvelopeHeader.TraceParent]: 'tp' },
        created_ms: created.getTime(),
      }),
    ).toEqual({
      id: 'f1d2',
      key: 'o-1',
      json: '{"total": 1}',
      time: created,
      correlationId: 'c',
      causationId: undefined,
      traceparent: 'tp',
      subject: undefined,
    });
  });

  it('leaves out headers another writer stored as anything but text', () => {
    const row = {
      id: 'f1d2',
      aggregateid: 'o-1',
      topic: 'orders.order.placed',
      payload: '{}',
      created_ms: 0,
    };
    expect(
      toJsonEvent({
        ...row,
        headers: {
          [EnvelopeHeader.CorrelationId]: 5,
          [EnvelopeHeader.CausationId]: null,
          [EnvelopeHeader.TraceParent]: { v: 1 },
          [EnvelopeHeader.Subject]: 'line-1',
        },
      }),
    ).toMatchObject({
      correlationId: undefined,
      causationId: undefined,
      traceparent: undefined,
      subject: 'line-1',
    });
    for (const headers of [null, ['tp'] as never, 'tp' as never])
      expect(toJsonEvent({ ...row, headers })).toMatchObject({
        correlationId: undefined,
        subject: undefined,
      });
  });
});
