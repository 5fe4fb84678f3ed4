export {
  ServiceUnderTest,
  TEST_CONSUMER,
  type ServiceUnderTestOptions,
  type TestAppSettings,
} from './service-under-test';
export { FinishedHandlers } from './finished-handlers';
