import type { EntityManager } from 'typeorm';
import { AppError } from '../errors/app-error';

/**
 * One unit of an import written through a service's create path inside the batch's transaction,
 * under a savepoint: a coded refusal (AppError) rolls the unit back and is answered, so the batch
 * goes on whole (a failed statement would otherwise abort the transaction); a dry run checks the
 * unit as the write would and rolls it back too. Any other error is thrown.
 */
export async function writeInSavepoint(m: EntityManager, name: string, dryRun: boolean, write: () => Promise<unknown>): Promise<AppError | null> {
  await m.query(`SAVEPOINT ${name}`);
  try {
    await write();
  } catch (e) {
    await m.query(`ROLLBACK TO SAVEPOINT ${name}`);
    if (!(e instanceof AppError)) throw e;
    return e;
  }
  await m.query(dryRun ? `ROLLBACK TO SAVEPOINT ${name}` : `RELEASE SAVEPOINT ${name}`);
  return null;
}
