export { EnvelopeHeader, CLOUDEVENTS_SPEC_VERSION, JSON_CONTENT_TYPE } from './headers';
export {
  createEnvelope,
  envelopeHeaders,
  type EventEnvelope,
  type EnvelopeHeaders,
  type NewEvent,
  type NewJsonEvent,
} from './envelope';
export { decodeEnvelope, headerValue, type RawMessage } from './decode';
