/** The job runner's queue of imports: one job per uploaded file (src/exchange/imports/import-worker.ts). */
export const IMPORT_QUEUE = 'imports.run';

/** An import job's payload on the runner. */
export interface ImportJobPayload {
  importId: string;
}

/** The singleton key of an import's job on the runner: one job per import, ever. */
export const importJobKey = (importId: string) => `import:${importId}`;
