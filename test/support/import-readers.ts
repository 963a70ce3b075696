import { ImportFileError, openImportFile, OpenOptions, RawRow } from '../../src/exchange/imports/readers';

/** Every row of an import file as its reader gives them, and the headers it did not know. */
export async function readImportFile(path: string, options: OpenOptions): Promise<{ rows: RawRow[]; unknown: string[] }> {
  const opened = await openImportFile(path, options);
  const rows: RawRow[] = [];
  for await (const r of opened.rows) rows.push(r);
  return { rows, unknown: opened.header.unknown };
}

/** The ImportFileError a promise rejects with (the test fails when it resolves or throws anything else). */
export async function fileError(promise: Promise<unknown>): Promise<ImportFileError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportFileError);
    return e as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}
