import type { Scenario } from '../scenario';
import { consumerRawAutocommit } from './consumer-raw-autocommit';
import { producerRaw } from './producer-raw';

/** Every scenario `npm run bench` knows, in the order it runs them. Add one line per scenario file. */
export const scenarios: readonly Scenario[] = [producerRaw, consumerRawAutocommit];
