export {
  PlatformError,
  RetriableError,
  NonRetriableError,
  RetriesExhaustedError,
  isRetriable,
  errorMessage,
} from './platform-error';
export { MissingKeyError, SchemaValidationError, DeserializationError, UnknownTopicError } from './input-errors';
