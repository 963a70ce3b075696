import { AppError, FieldProblem } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes this module answers with (`extensions.reason`). */
export const RegionsReason = defineReasons('regions', [
  'BAD_HEADER',
  'COLUMN_COUNT',
  'CSV_SYNTAX',
  'DUPLICATE_CODE',
  'INVALID_CODE',
  'INVALID_LEVEL',
  'INVALID_NAME',
  'PARENT_MISMATCH',
  'PARENT_REQUIRED',
  'UNKNOWN_PARENT',
]);

export const RegionsErrors = {
  notFound: (code: string) =>
    new AppError('NOT_FOUND', `行政区划 ${code} 不存在 (region not found)`, { reason: CommonReason.REGION_NOT_FOUND, field: 'code' }),
  unknownParents: (codes: string[]) =>
    AppError.badInput(
      codes.slice(0, 50).map((c) => ({
        field: 'parent_code',
        reason: RegionsReason.UNKNOWN_PARENT,
        message: `上级区划 ${c} 不存在 (parent region not found)`,
      })),
    ),
  /** Rows of a division list outside the caller's home region subtree (see checkImportScope). */
  outOfScope: (problems: FieldProblem[]) =>
    AppError.badInput(problems.slice(0, 100), `区划清单有 ${problems.length} 行超出本级管辖范围 (rows outside your region)`),
  invalidCsv: (problems: FieldProblem[]) =>
    AppError.badInput(problems.slice(0, 100), `区划清单有 ${problems.length} 处错误 (the division list has errors)`),
};
