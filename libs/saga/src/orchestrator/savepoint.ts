import type { Transaction } from '@platform/database';

let counter = 0;

/** Runs `work` so that whatever it wrote is undone if it throws, while the transaction goes on. */
export async function inSavepoint<T>(tx: Transaction, work: () => Promise<T>): Promise<T> {
  const name = `saga_sp_${++counter}`;
  await tx.query(`SAVEPOINT ${name}`);
  try {
    const result = await work();
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}

/**
 * Like inSavepoint, but the savepoint is only set when `work` sends its first statement: a local
 * step that only computes (most do) costs no round trip at all.
 */
export async function inLazySavepoint<T>(tx: Transaction, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const name = `saga_sp_${++counter}`;
  let opened: Promise<unknown> | undefined;
  const open = (): Promise<unknown> => (opened ??= tx.query(`SAVEPOINT ${name}`));
  const guarded: Transaction = {
    query: async (text, params) => {
      await open();
      return tx.query(text, params);
    },
    exec: async (script) => {
      await open();
      return tx.exec(script);
    },
  };
  try {
    const result = await work(guarded);
    if (opened) await tx.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    if (opened) await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}
