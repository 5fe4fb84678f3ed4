import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type Database, openDatabase } from '@platform/database';
import { EnvelopeHeader, type EventConsumer } from '@platform/kafka';
import {
  DATABASE_DRIVERS,
  openTestDatabase,
  type OpenTestDatabase,
  testBrokers,
  uniqueName,
} from '@platform/testing';
import { inboxHandler } from '../inbox';
import { createOutbox } from '../outbox';
import {
  createTestTopology,
  type OrderPlaced,
  pendingRows,
  readRecords,
  startInboxConsumer,
  waitFor,
  type TestTopology,
} from '../outbox.spec-helper';
import { migrateOutbox } from '../schema';

const REPO_ROOT = join(__dirname, '../../../..');
const FIXTURE = join(__dirname, 'relay-process.fixture.ts');

/** Starts the relay fixture in its own process; resolves with the child and a promise for a stdout line. */
function startRelayProcess(env: Record<string, string>): {
  child: ChildProcess;
  line: (prefix: string) => Promise<string>;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = async (prefix: string): Promise<string> => {
    await waitFor(
      `"${prefix}" from the relay process (stderr: ${errors})`,
      () => output.split('\n').some((l) => l.startsWith(prefix)),
      60_000,
    );
    return output.split('\n').find((l) => l.startsWith(prefix))!;
  };
  return { child, line, exited };
}

describe.each(DATABASE_DRIVERS)(
  'a relay process killed between publish and mark, on %s',
  (driver) => {
    let opened: OpenTestDatabase;
    let topology: TestTopology;
    let consumer: EventConsumer | undefined;
    let db: Database | undefined;

    beforeAll(async () => {
      [opened, topology] = await Promise.all([openTestDatabase(driver), createTestTopology()]);
    });

    afterAll(async () => {
      await consumer?.stop();
      await topology?.admin.disconnect();
      if (db !== opened?.db) await db?.close();
      await opened?.drop();
    });

    it('is republished after the restart, and the inbox applies each effect once', async () => {
      const location = opened.location;
      db = opened.db;
      await migrateOutbox(db);
      await db.exec('CREATE TABLE applied (event_id text NOT NULL, seq int NOT NULL)');
      const outbox = createOutbox({ catalog: topology.catalog });
      const written = await db.transaction((tx) =>
        outbox.addMany(
          tx,
          [1, 2, 3].map((seq) => ({
            topic: topology.topic,
            aggregateId: 'o-1',
            payload: { orderId: 'o-1', seq },
          })),
        ),
      );
      const ids = written.map((record) => record.id);
      // A PGlite folder belongs to one process at a time: hand it over to the relay process.
      if (driver === 'pglite') await db.close();
      const env = {
        ...('url' in location
          ? { OUTBOX_DATABASE_URL: location.url }
          : { OUTBOX_PGLITE_DIR: location.dataDir }),
        KAFKA_BROKERS: testBrokers().join(','),
        OUTBOX_TOPIC: topology.topic,
      };

      const crashing = startRelayProcess({ ...env, OUTBOX_PAUSE_AFTER_PUBLISH: '1' });
      expect(
        (await crashing.line('published ')).slice('published '.length).split(',').sort(),
      ).toEqual([...ids].sort());
      expect(crashing.child.kill('SIGKILL')).toBe(true);
      await crashing.exited;
      expect(
        (await readRecords(topology.kafka, topology.topic, 3)).map(
          (r) => r.headers[EnvelopeHeader.Id],
        ),
      ).toEqual(ids);

      const restarted = startRelayProcess(env);
      await restarted.line('drained');
      expect(await restarted.exited).toBe(0);
      if (driver === 'pglite')
        db = await openDatabase({ dataDir: (location as { dataDir: string }).dataDir });
      expect(await pendingRows(db)).toBe(0);
      // On the topic: the three events twice, same ids, in order both times.
      const records = await readRecords(topology.kafka, topology.topic, 6, { settleMs: 300 });
      expect(records.map((r) => r.headers[EnvelopeHeader.Id])).toEqual([...ids, ...ids]);

      const duplicates: string[] = [];
      const database = db;
      const group = uniqueName('billing');
      const handler = inboxHandler<OrderPlaced>(
        { db: database, group, onDuplicate: (event) => duplicates.push(event.id) },
        async (event, tx) => {
          await tx.query('INSERT INTO applied (event_id, seq) VALUES ($1, $2)', [
            event.id,
            event.data.seq,
          ]);
        },
      );
      consumer = await startInboxConsumer(topology, group, handler);
      await waitFor('three effects and three duplicates', () => duplicates.length === 3);
      const { rows } = await database.query('SELECT event_id, seq FROM applied ORDER BY seq');
      expect(rows).toEqual(ids.map((id, i) => ({ event_id: id, seq: i + 1 })));
    }, 180_000);
  },
);
