import type { Database } from '@platform/database';
import { createOutbox } from '@platform/outbox';
import { SagaParticipant } from '../participant/saga-participant';
import { catalogOf } from './orchestrator.spec-helper';
import { SagaOrchestrator } from './saga-orchestrator';

// Construction touches no database: bad options are refused before anything runs.
const db = {} as Database;
const outbox = createOutbox({ catalog: catalogOf('orders', ['inventory.stock.commands'], []) });

describe('orchestrator and participant options', () => {
  it.each([undefined, '', 'Orders'])(
    'refuses service %p at once, not at the first reply (the inbox records replies under it)',
    (service) => {
      expect(
        () => new SagaOrchestrator({ db, outbox, sagas: [], service: service as string }),
      ).toThrow(/Invalid service name/);
      expect(() => new SagaParticipant({ db, outbox, service: service as string })).toThrow(
        /Invalid service name/,
      );
    },
  );
});
