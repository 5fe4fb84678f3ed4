/**
 * Header names of the CloudEvents Kafka protocol binding, binary mode (the payload is the event
 * data; attributes travel as `ce_`-prefixed headers), plus our extensions and W3C trace context.
 */
export enum EnvelopeHeader {
  Id = 'ce_id',
  Type = 'ce_type',
  Source = 'ce_source',
  SpecVersion = 'ce_specversion',
  Time = 'ce_time',
  Subject = 'ce_subject',
  ContentType = 'content-type',
  /** CloudEvents extension attributes are lowercase alphanumerics, hence no separators. */
  CorrelationId = 'ce_correlationid',
  CausationId = 'ce_causationid',
  /** W3C Trace Context as OpenTelemetry's Kafka propagator writes it. */
  TraceParent = 'traceparent',
}

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const JSON_CONTENT_TYPE = 'application/json';
