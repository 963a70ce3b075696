import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, connectionDescription } from '../../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../../common/scalars/scalars';
import { ImportFormat, ImportJobEntity, ImportJobStatus, ImportStrategy } from './import-job.entity';
import { ImportProblemEntity, ProblemSeverity } from './import-problem.entity';
import { UnitCounts, zeroUnitCounts } from '../../common/imports/import-types';
import { ImportMode } from '../../common/imports/import-port';

registerEnumType(ImportJobStatus, {
  name: 'ImportJobStatus',
  description: 'QUEUED → RUNNING → SUCCEEDED or FAILED',
  valuesMap: {
    QUEUED: { description: 'Waiting for a worker' },
    RUNNING: { description: 'A worker is reading and writing the file' },
    SUCCEEDED: { description: 'Done: see counts and problems (households refused are listed there)' },
    FAILED: { description: 'Stopped as a whole: see errorCode and errorMessage' },
  },
});
registerEnumType(ImportFormat, {
  name: 'ImportFormat',
  description: 'File format of an import',
  valuesMap: {
    CSV: { description: 'Comma-separated values, UTF-8 or GB18030, one row per member' },
    XLSX: { description: 'An Excel workbook, first sheet, one row per member' },
    NDJSON: { description: 'Newline-delimited JSON, one household (with its members) per line' },
  },
});
registerEnumType(ImportStrategy, {
  name: 'ImportStrategy',
  description: 'Create new households only, update existing ones only, or both (DHIS2 style)',
  valuesMap: {
    CREATE: { description: 'Only new households; one already registered is refused' },
    UPDATE: { description: 'Only households already registered; an unknown one is refused' },
    CREATE_AND_UPDATE: { description: 'New households are created, known ones updated' },
  },
});
registerEnumType(ImportMode, {
  name: 'ImportMode',
  description: 'Who is the authority of an import: the provincial system (SYNC) or the registry\'s procedures (PROPOSE)',
  valuesMap: {
    SYNC: { description: 'Records land active, as the provincial/national system has them (同步); district level or wider only' },
    PROPOSE: { description: 'New households land as candidates (待识别) with a registration proposal for the town and the district; a status change needs its procedure' },
  },
});
registerEnumType(ProblemSeverity, {
  name: 'ImportProblemSeverity',
  description: 'ERROR refuses the household, WARNING does not; INFO lines are a dry run\'s list of the households it would create or update',
  valuesMap: {
    ERROR: { description: 'The household is refused: nothing of it is written' },
    WARNING: { description: 'Written, but worth a look' },
    INFO: { description: 'Not a problem: what a dry run would create or update' },
  },
});

const DEPRECATED = (unit: string, counter: string) => `Use ImportJob.unitCounts: unit ${unit}, field ${counter}.`;

@ObjectType({ description: 'What an import did, or would do (dry run), to households and members (deprecated: see ImportJob.unitCounts)' })
export class ImportCounts {
  @Field(() => Int, { description: 'Households added.', deprecationReason: DEPRECATED('households', 'created') }) householdsCreated: number;
  @Field(() => Int, { description: 'Existing households changed.', deprecationReason: DEPRECATED('households', 'updated') }) householdsUpdated: number;
  @Field(() => Int, { description: 'Households already as in the file.', deprecationReason: DEPRECATED('households', 'unchanged') }) householdsUnchanged: number;
  @Field(() => Int, { description: 'Households refused (see problems); nothing of them was written', deprecationReason: DEPRECATED('households', 'rejected') }) householdsRejected: number;
  @Field(() => Int, { description: 'Members added.', deprecationReason: DEPRECATED('members', 'created') }) membersCreated: number;
  @Field(() => Int, { description: 'Existing members changed.', deprecationReason: DEPRECATED('members', 'updated') }) membersUpdated: number;
  @Field(() => Int, { description: 'Members already as in the file.', deprecationReason: DEPRECATED('members', 'unchanged') }) membersUnchanged: number;
  @Field(() => Int, { description: 'Members of updated households missing from the file: marked as left', deprecationReason: DEPRECATED('members', 'left') }) membersLeft: number;
}

@ObjectType('ImportUnitCount', { description: "What an import did (or, for a dry run, would do) to one unit its port counts (households, members; later a module's own)" })
export class ImportUnitCount {
  @Field({ description: 'The unit counted, e.g. households or members.' }) unit: string;
  @Field(() => Int, { description: 'Records added.' }) created: number;
  @Field(() => Int, { description: 'Existing records changed.' }) updated: number;
  @Field(() => Int, { description: 'Records already as in the file.' }) unchanged: number;
  @Field(() => Int, { description: 'Records refused (see problems): nothing of them was written. Members are refused with their household (0).' }) rejected: number;
  @Field(() => Int, { description: 'Records no longer in the file and marked as left (members of an updated household); 0 for households.' }) left: number;
}

@ObjectType('ImportJob', { description: 'One import of one file (导入任务)' })
export class ImportJobModel {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' }) id: string;
  @Field(() => ImportJobStatus, { description: 'Where the job stands.' }) status: ImportJobStatus;
  @Field(() => ImportFormat, { description: 'File format.' }) format: ImportFormat;
  @Field(() => String, { nullable: true, description: 'UTF-8 or GB18030 (given or detected); null for XLSX' }) encoding: string | null;
  @Field({ description: 'Name of the uploaded file, as given.' }) fileName: string;
  @Field({ description: 'SHA-256 of the file (hex), to recognise a file uploaded again.' }) fileSha256: string;
  @Field(() => String, { description: 'Bytes' }) fileSize: string;
  @Field({ description: 'A dry run validates and counts but writes nothing.' }) dryRun: boolean;
  @Field(() => ImportStrategy, { description: 'Whether the file may create households, update them, or both.' }) strategy: ImportStrategy;
  @Field({ description: 'All or nothing' }) atomic: boolean;
  @Field({ description: "What the file loads: the kind of a module's import port ('households' for the registry)." }) kind: string;
  @Field(() => ImportMode, { description: 'SYNC (records land active) or PROPOSE (candidates with registration proposals).' }) mode: ImportMode;
  @Field({ description: 'The region subtree the file may write into' }) regionCode: string;
  @Field(() => String, { nullable: true, description: 'Username or API key name of who uploaded it; null if unknown.' }) createdByName: string | null;
  @Field(() => Int, { nullable: true, description: 'Data rows in the file, once counted' }) rowsTotal: number | null;
  @Field(() => Int, { description: 'Data rows read so far.' }) rowsRead: number;
  @Field(() => Int, { description: 'Data rows whose households are committed or rejected: where a restarted job resumes' }) rowsCommitted: number;
  @Field(() => ImportCounts, { description: 'What the import did (or, for a dry run, would do) to households and members: derived from unitCounts.' }) counts: ImportCounts;
  @Field(() => [ImportUnitCount], { description: 'What the import did (or, for a dry run, would do), per unit its port counts (households, members), ordered by unit.' }) unitCounts: ImportUnitCount[];
  @Field(() => Int, { description: 'Errors in the report' }) problemCount: number;
  @Field(() => Int, { description: 'Warnings in the report (INFO lines not counted)' }) warningCount: number;
  @Field(() => String, { nullable: true, description: 'Why the whole job failed (a stable code, e.g. FILE_TOO_LARGE); null unless FAILED.' }) errorCode: string | null;
  @Field(() => String, { nullable: true, description: 'Human-readable reason of the failure (Chinese); null unless FAILED.' }) errorMessage: string | null;
  @Field(() => Int, { description: 'Times a worker started the job (more than 1 after a restart).' }) attempts: number;
  @Field({ description: 'The validation report as CSV (GET, same credentials)' }) reportUrl: string;
  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' }) createdAt: Date;
  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'When a worker started it; null while queued.' }) startedAt: Date | null;
  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'When it succeeded or failed; null while queued or running.' }) finishedAt: Date | null;
}

@ObjectType('ImportProblem', { description: 'A line of the validation report' })
export class ImportProblemModel {
  @Field(() => ProblemSeverity, { description: 'ERROR, WARNING or INFO.' }) severity: ProblemSeverity;
  @Field(() => Int, { nullable: true, description: 'Row as a spreadsheet numbers it (header = 1); NDJSON: line' }) rowNumber: number | null;
  @Field(() => String, { nullable: true, description: 'The household (户编号) the line is about; null for file-level problems.' }) householdNumber: string | null;
  @Field(() => String, { nullable: true, description: 'Column header as in the file' }) column: string | null;
  @Field(() => String, { nullable: true, description: 'Field (English key of the exchange format)' }) field: string | null;
  @Field({ description: 'Stable code of the problem, e.g. INVALID_ID_NUMBER.' }) code: string;
  @Field({ description: 'What is wrong, for people (Chinese).' }) message: string;
}

@ObjectType({ description: connectionDescription('import jobs (批量导入)') })
export class ImportJobConnection extends ConnectionType(ImportJobModel, 'ImportJob') {}
@ObjectType({ description: connectionDescription('problems an import found in its file') })
export class ImportProblemConnection extends ConnectionType(ImportProblemModel, 'ImportProblem') {}

const count = (j: ImportJobEntity, unit: string, counter: keyof UnitCounts): number => j.counts?.[unit]?.[counter] ?? 0;

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
    kind: j.kind,
    mode: j.mode,
    regionCode: j.regionCode,
    createdByName: j.createdByName,
    rowsTotal: j.rowsTotal,
    rowsRead: j.rowsRead,
    rowsCommitted: j.rowsCommitted,
    counts: {
      householdsCreated: count(j, 'households', 'created'),
      householdsUpdated: count(j, 'households', 'updated'),
      householdsUnchanged: count(j, 'households', 'unchanged'),
      householdsRejected: count(j, 'households', 'rejected'),
      membersCreated: count(j, 'members', 'created'),
      membersUpdated: count(j, 'members', 'updated'),
      membersUnchanged: count(j, 'members', 'unchanged'),
      membersLeft: count(j, 'members', 'left'),
    },
    unitCounts: Object.entries(j.counts ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([unit, c]) => ({ unit, ...zeroUnitCounts(), ...c })),
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
