import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../../common/scalars/scalars';
import { ImportFormat, ImportJobEntity, ImportJobStatus, ImportStrategy } from './import-job.entity';
import { ImportProblemEntity, ProblemSeverity } from './import-problem.entity';

registerEnumType(ImportJobStatus, { name: 'ImportJobStatus', description: 'QUEUED → RUNNING → SUCCEEDED or FAILED' });
registerEnumType(ImportFormat, { name: 'ImportFormat' });
registerEnumType(ImportStrategy, { name: 'ImportStrategy', description: 'Create new households only, update existing ones only, or both (DHIS2 style)' });
registerEnumType(ProblemSeverity, {
  name: 'ImportProblemSeverity',
  description: 'ERROR refuses the household, WARNING does not; INFO lines are a dry run\'s list of the households it would create or update',
});

@ObjectType({ description: 'What an import did, or would do (dry run), to households and members' })
export class ImportCounts {
  @Field(() => Int) householdsCreated: number;
  @Field(() => Int) householdsUpdated: number;
  @Field(() => Int) householdsUnchanged: number;
  @Field(() => Int, { description: 'Households refused (see problems); nothing of them was written' }) householdsRejected: number;
  @Field(() => Int) membersCreated: number;
  @Field(() => Int) membersUpdated: number;
  @Field(() => Int) membersUnchanged: number;
  @Field(() => Int, { description: 'Members of updated households missing from the file: marked as left' }) membersLeft: number;
}

@ObjectType('ImportJob', { description: 'One import of one file (导入任务)' })
export class ImportJobModel {
  @Field(() => ID) id: string;
  @Field(() => ImportJobStatus) status: ImportJobStatus;
  @Field(() => ImportFormat) format: ImportFormat;
  @Field(() => String, { nullable: true, description: 'UTF-8 or GB18030 (given or detected); null for XLSX' }) encoding: string | null;
  @Field() fileName: string;
  @Field() fileSha256: string;
  @Field(() => String, { description: 'Bytes' }) fileSize: string;
  @Field() dryRun: boolean;
  @Field(() => ImportStrategy) strategy: ImportStrategy;
  @Field({ description: 'All or nothing' }) atomic: boolean;
  @Field({ description: 'The region subtree the file may write into' }) regionCode: string;
  @Field(() => String, { nullable: true }) createdByName: string | null;
  @Field(() => Int, { nullable: true, description: 'Data rows in the file, once counted' }) rowsTotal: number | null;
  @Field(() => Int) rowsRead: number;
  @Field(() => Int, { description: 'Data rows whose households are committed or rejected: where a restarted job resumes' }) rowsCommitted: number;
  @Field(() => ImportCounts) counts: ImportCounts;
  @Field(() => Int, { description: 'Errors in the report' }) problemCount: number;
  @Field(() => Int, { description: 'Warnings in the report (INFO lines not counted)' }) warningCount: number;
  @Field(() => String, { nullable: true }) errorCode: string | null;
  @Field(() => String, { nullable: true }) errorMessage: string | null;
  @Field(() => Int) attempts: number;
  @Field({ description: 'The validation report as CSV (GET, same credentials)' }) reportUrl: string;
  @Field(() => GraphQLDateTimeScalar) createdAt: Date;
  @Field(() => GraphQLDateTimeScalar, { nullable: true }) startedAt: Date | null;
  @Field(() => GraphQLDateTimeScalar, { nullable: true }) finishedAt: Date | null;
}

@ObjectType('ImportProblem', { description: 'A line of the validation report' })
export class ImportProblemModel {
  @Field(() => ProblemSeverity) severity: ProblemSeverity;
  @Field(() => Int, { nullable: true, description: 'Row as a spreadsheet numbers it (header = 1); NDJSON: line' }) rowNumber: number | null;
  @Field(() => String, { nullable: true }) householdNumber: string | null;
  @Field(() => String, { nullable: true, description: 'Column header as in the file' }) column: string | null;
  @Field(() => String, { nullable: true, description: 'Field (English key of the exchange format)' }) field: string | null;
  @Field() code: string;
  @Field() message: string;
}

@ObjectType()
export class ImportJobConnection extends ConnectionType(ImportJobModel, 'ImportJob') {}
@ObjectType()
export class ImportProblemConnection extends ConnectionType(ImportProblemModel, 'ImportProblem') {}

export function toImportJobModel(j: ImportJobEntity): ImportJobModel {
  return {
    id: j.id,
    status: j.status,
    format: j.format,
    encoding: j.encoding,
    fileName: j.fileName,
    fileSha256: j.fileSha256,
    fileSize: String(j.fileSize),
    dryRun: j.dryRun,
    strategy: j.strategy,
    atomic: j.atomic,
    regionCode: j.regionCode,
    createdByName: j.createdByName,
    rowsTotal: j.rowsTotal,
    rowsRead: j.rowsRead,
    rowsCommitted: j.rowsCommitted,
    counts: {
      householdsCreated: j.householdsCreated,
      householdsUpdated: j.householdsUpdated,
      householdsUnchanged: j.householdsUnchanged,
      householdsRejected: j.householdsRejected,
      membersCreated: j.membersCreated,
      membersUpdated: j.membersUpdated,
      membersUnchanged: j.membersUnchanged,
      membersLeft: j.membersLeft,
    },
    problemCount: j.problemCount,
    warningCount: j.warningCount,
    errorCode: j.errorCode,
    errorMessage: j.errorMessage,
    attempts: j.attempts,
    reportUrl: `/exchange/imports/${j.id}/report.csv`,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
  };
}

export function toImportProblemModel(p: ImportProblemEntity): ImportProblemModel {
  return { severity: p.severity, rowNumber: p.rowNumber, householdNumber: p.householdNumber, column: p.column, field: p.field, code: p.code, message: p.message };
}
