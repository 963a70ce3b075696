import { ImportJobStatus } from './import-job.entity';

/** An import job ended (succeeded or failed), published in the transaction that records its end. */
export class ImportCompleted {
  constructor(
    readonly jobId: string,
    readonly status: ImportJobStatus.SUCCEEDED | ImportJobStatus.FAILED,
    readonly regionCode: string,
    /** The uploaded file kept while the job was open. */
    readonly filePath: string,
    readonly errorCode: string | null,
  ) {}
}
