import type { Scenario } from '../scenario';
import { consumerNestStock } from './consumer-nest-stock';
import { consumerNestTransport } from './consumer-nest-transport';
import { consumerManualCommit } from './consumer-manual-commit';
import { consumerManualCommitPerMessage } from './consumer-manual-commit-per-message';
import { consumerRawAutocommit } from './consumer-raw-autocommit';
import { consumerRawParse } from './consumer-raw-parse';
import { consumerRawEnvelope } from './consumer-raw-envelope';
import { producerKeyed } from './producer-keyed';
import { producerKeyedIdempotent } from './producer-keyed-idempotent';
import { producerKeyedSingle } from './producer-keyed-single';
import { producerKeyedSingleIdempotent } from './producer-keyed-single-idempotent';
import { producerKeyedSingleLinger5 } from './producer-keyed-single-linger5';
import { producerRaw } from './producer-raw';
import { producerRawEnvelope } from './producer-raw-envelope';
import { producerRawHeaders } from './producer-raw-headers';
import { producerRawSingle } from './producer-raw-single';
import { outboxRelay } from './outbox-relay';
import { outboxRelayBare, outboxRelayBareMark } from './outbox-relay-bare';
import { outboxRelayMark } from './outbox-relay-mark';
import { outboxNaiveRelay } from './outbox-naive-relay';
import { outboxRelayVsNaive } from './outbox-relay-vs-naive';
import { outboxCommitToAck } from './outbox-commit-to-ack';
import { postgresSingleRowCommit } from './postgres-single-row-commit';
import { outboxAddCommit } from './outbox-add-commit';
import { generateNestApplication } from './generate-nest-application';
import { generateService } from './generate-service';
import { sagaCompletions } from './saga-completions';
import { e2eRawLatency } from './e2e-raw-latency';
import { e2eLatency } from './e2e-latency';

/** Every scenario `npm run bench` knows, in the order it runs them. Add one line per scenario file. */
export const scenarios: readonly Scenario[] = [producerRaw, consumerRawAutocommit, consumerRawEnvelope, consumerRawParse, consumerManualCommit, consumerManualCommitPerMessage, consumerNestStock, consumerNestTransport,
  producerRawSingle,
  producerRawEnvelope,
  producerRawHeaders,
  producerKeyed,
  producerKeyedSingle,
  producerKeyedIdempotent,
  producerKeyedSingleIdempotent,
  producerKeyedSingleLinger5,
  outboxRelay,
  outboxRelayMark,
  outboxRelayBare,
  outboxRelayBareMark,
  outboxNaiveRelay,
  outboxRelayVsNaive,
  outboxCommitToAck,
  postgresSingleRowCommit,
  outboxAddCommit,
  generateNestApplication,
  generateService,
  sagaCompletions,
  e2eRawLatency,
  e2eLatency,
];
