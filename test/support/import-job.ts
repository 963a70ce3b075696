/** An import job as `GET /exchange/imports/:id` returns it (the fields the tests read). */
export interface ImportJobView {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  format: string;
  encoding: string | null;
  rowsTotal: number | null;
  rowsRead: number;
  rowsCommitted: number;
  counts: Record<string, number>;
  problemCount: number;
  warningCount: number;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: number;
}
