import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { CommonReason } from '../../common/errors/reasons';
import { parseCreditCode } from '../../common/identity-number/credit-code';
import { cellText, formatCell, parseRowCells } from '../../common/imports/columns';
import { exportPageOf } from '../../common/imports/export-page';
import { AssembledUnit, ImportContext, ImportMode, ImportPort, ImportSession, KindExport } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { ImportProblem, ImportStrategy, ProblemSeverity, RawRow, zeroCountsByUnit } from '../../common/imports/import-types';
import type { UnitRows } from '../../common/imports/unit-rows';
import { HouseholdsService } from '../../households/households.service';
import { MemberEntity } from '../../households/member.entity';
import { MembersService } from '../../households/members.service';
import { ProtectedFieldsService } from '../../households/protected-fields.service';
import { Relation, WorkPlace } from '../../households/registry-codes';
import { EntitiesErrors } from '../../projects/implementing-entities.errors';
import { ImplementingEntitiesRepository } from '../../projects/implementing-entities.repository';
import { EmploymentRecordEntity } from '../employment-record.entity';
import { EmploymentExportRow, EmploymentRecordsRepository } from '../employment-records.repository';
import { EmploymentRecordsService } from '../employment-records.service';
import { checkEmploymentTerms, EmploymentTerms } from '../employment-rules';
import { COLUMN_OF_FIELD, EMPLOYMENT_COLUMNS } from './employment-columns';

/** The terms a roster row may correct on a record it finds (the member, year and start are its key). */
const CORRECTED = ['channel', 'place', 'employerEntityId', 'employerName', 'endsOn', 'monthsWorked', 'monthlyIncome', 'overlapReason'] as const;
/** The column of each corrected term (present in the file: the file's value; absent: the stored one). */
const COLUMN_OF_TERM: Readonly<Record<(typeof CORRECTED)[number], string>> = {
  channel: 'channel',
  place: 'place',
  employerEntityId: 'employerCreditCode',
  employerName: 'employerName',
  endsOn: 'endsOn',
  monthsWorked: 'monthsWorked',
  monthlyIncome: 'monthlyIncome',
  overlapReason: 'overlapReason',
};

/** A checked row: the record it states, or the problems that reject it. */
export interface EmploymentUnit extends AssembledUnit {
  householdNumber: string;
  rowNumber: number;
  /** The member's ID number as written (normalised by the blind index); null: the member is named instead. */
  idNumber: string | null;
  memberName: string | null;
  relation: Relation | null;
  /** The employer's credit code, normalised; null when the employer is not an implementing entity. */
  employerCreditCode: string | null;
  /** The terms checked as createEmploymentRecord checks them (the employer entity filled in by the write). */
  terms: Required<EmploymentTerms> | null;
  /** Adjacent rows of the same record after the first: refused as duplicates. */
  duplicates: number;
  /** The roster's key of the record: household, member, year and start as parsed. */
  key: string;
}

/**
 * The employment roster import (kind `employment`, issue #16): the human resources department's
 * (人社) yearly 务工就业台账, uploaded to POST /exchange/imports?kind=employment (CSV, XLSX or
 * NDJSON; dry run, all-or-nothing, report: the generic machinery's). One row a job of a member in a
 * year; a record is known by its member, year and start. A new one is checked and written as
 * createEmploymentRecord does (EmploymentRecordsService.checkCreate/insertChecked), an existing one
 * with other terms corrected as updateEmploymentRecord does (checkUpdate/applyUpdate), audited as
 * employment.importEmploymentRecord.
 *
 * The member is found in the household by its ID number's blind index (never the clear value),
 * or, where the file has no ID number, by its name (and relation to the head where two share a
 * name): the export writes the name and relation, not the ID number, which a kind's export never
 * reveals and employment.read does not read in clear.
 *
 * Mode SYNC only: a roster states the jobs the department recorded, and a record has no approval
 * procedure that a PROPOSE import could start.
 */
@Injectable()
export class EmploymentImportPort implements ImportPort<EmploymentUnit>, OnModuleInit {
  readonly kind = 'employment';
  readonly table = EMPLOYMENT_COLUMNS;
  readonly units = ['employmentRecords'];
  readonly modes = [ImportMode.SYNC];
  readonly permission = 'employment.write' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly fields: ProtectedFieldsService,
    private readonly entities: ImplementingEntitiesRepository,
    private readonly repo: EmploymentRecordsRepository,
    private readonly records: EmploymentRecordsService,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  /**
   * The ledger as it stands (GET /exchange/exports/employment): the caller's records as the
   * employmentRecords list reads them, one row each in the import's columns (the member by name
   * and relation, the ID number blank; the employer entity by its credit code), so the file
   * re-imports unchanged.
   */
  readonly export: KindExport = {
    permission: 'employment.read',
    fileName: 'employment',
    displayName: '务工就业台账',
    page: async (principal, filter, after, limit) =>
      exportPageOf(
        await this.repo.exportPage(principal, filter.regionPrefix, after, limit),
        limit,
        (r) => [r.householdNumber, r.startsOn, r.id],
        (r) => [Object.fromEntries(EMPLOYMENT_COLUMNS.columns.map((c) => [c.key, c.key === 'idNumber' ? '' : formatCell(c, r[c.key as keyof EmploymentExportRow])]))],
      ),
  };

  example(): readonly Readonly<Record<string, string>>[] {
    const cell = (key: string, value: string) => formatCell(EMPLOYMENT_COLUMNS.byKey.get(key)!, value);
    return [
      {
        householdNumber: '41010610020100001',
        memberName: '王示例',
        relation: cell('relation', 'HEAD'),
        idNumber: '',
        year: '2018',
        channel: '劳务输出',
        place: cell('place', 'OUTSIDE_PROVINCE' satisfies WorkPlace),
        employerName: '深圳示例电子有限公司',
        employerCreditCode: '',
        startsOn: '2018-03-01',
        endsOn: '2018-10-31',
        monthsWorked: '8',
        monthlyIncome: '3200.00',
        overlapReason: '',
      },
    ];
  }

  /** Each distinct record is a unit; adjacent rows of the same one are a duplicate. */
  groupKey(row: RawRow): string {
    return ['householdNumber', 'idNumber', 'memberName', 'year', 'startsOn'].map((k) => cellText(row.values.get(k))).join('|');
  }

  open(ctx: ImportContext): ImportSession<EmploymentUnit> {
    const present = new Set(ctx.columns.map((c) => c.key));
    // The first row of each record key in the file: a later row of the same key is a duplicate
    // (by row number, so the all-or-nothing pass's second run over the same file agrees).
    const firstRowOf = new Map<string, number>();
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const counts = zeroCountsByUnit(this.units);
        const problems: ImportProblem[] = [];
        const units = batch.map((g) => g.parsed ?? assemble(g));
        const valid = units.filter((u) => u.valid);
        const households = await this.households.findByNumbersInScope(ctx.scope, [...new Set(valid.map((u) => u.householdNumber))], m);
        // Every membership of the households found (a past year's job may be of a member who has left since).
        const members = await this.members.membersOf([...households.values()].map((h) => h.id), { all: true }, m);
        const entities = await this.entities.findByCreditCodes(ctx.scope, [...new Set(valid.flatMap((u) => (u.employerCreditCode ? [u.employerCreditCode] : [])))], m);
        const entityOf = new Map(entities.map((e) => [e.creditCode, e]));
        for (const u of units) {
          problems.push(...u.problems);
          counts.employmentRecords.rejected += u.duplicates;
          const refuse = (p: ImportProblem | ImportProblem[]) => {
            problems.push(...(Array.isArray(p) ? p : [p]));
            counts.employmentRecords.rejected++;
          };
          if (!u.valid) {
            counts.employmentRecords.rejected++;
            continue;
          }
          const first = firstRowOf.get(u.key);
          if (first !== undefined && first !== u.rowNumber) {
            refuse(problem(u, 'householdNumber', 'DUPLICATE_EMPLOYMENT_RECORD', `与第 ${first} 行是同一成员、同一年度和开始日期的务工记录 (the same record as row ${first})`));
            continue;
          }
          firstRowOf.set(u.key, u.rowNumber);
          const household = households.get(u.householdNumber);
          if (!household) {
            refuse(problem(u, 'householdNumber', 'HOUSEHOLD_NOT_FOUND', '本次导入范围内没有此户编号 (no such household in this import\'s region)'));
            continue;
          }
          const member = this.pickMember(u, members.filter((x) => x.householdId === household.id));
          if ('problem' in member) {
            refuse(member.problem);
            continue;
          }
          const entity = u.employerCreditCode ? entityOf.get(u.employerCreditCode) : null;
          if (u.employerCreditCode && !entity) {
            refuse(fromError(u, EntitiesErrors.entityNotFound('input.employerEntityId')));
            continue;
          }
          const terms: Required<EmploymentTerms> = { ...u.terms!, employerEntityId: entity?.id ?? null };
          try {
            const outcome = await this.writeOne(m, ctx, member, terms, u, present, dryRun);
            counts.employmentRecords[outcome.count]++;
            if (outcome.problem) problems.push(outcome.problem);
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            refuse(fromError(u, e));
          }
        }
        return { counts, problems, settledByDigest: 0 };
      },
    };
  }

  /**
   * The member a row names among the household's memberships: by the ID number's blind index
   * (the name, where also given, must be the member's), else by name, and relation where several
   * share it. Several memberships of one person: the one the job's start falls in, else the latest.
   */
  private pickMember(u: EmploymentUnit, ofHousehold: readonly MemberEntity[]): MemberEntity | { problem: ImportProblem } {
    let found: MemberEntity[];
    if (u.idNumber) {
      const hash = this.fields.hashIdNumber(u.idNumber);
      found = ofHousehold.filter((x) => x.idNumberHash === hash);
      if (!found.length) return { problem: problem(u, 'idNumber', 'MEMBER_NOT_IN_HOUSEHOLD', '该户没有此身份证号的成员 (no member of the household has this ID number)') };
      if (u.memberName && !found.some((x) => x.name === u.memberName)) {
        return { problem: problem(u, 'memberName', 'MEMBER_NAME_DIFFERS', '姓名与该身份证号的成员不符 (the name is not that of the member with this ID number)') };
      }
    } else {
      found = ofHousehold.filter((x) => x.name === u.memberName && (!u.relation || x.relation === u.relation));
      if (!found.length) return { problem: problem(u, 'memberName', 'MEMBER_NOT_IN_HOUSEHOLD', '该户没有此姓名（及与户主关系）的成员 (no member of the household has this name and relation)') };
      if (new Set(found.map((x) => x.idNumberHash)).size > 1) {
        return { problem: problem(u, 'memberName', 'MEMBER_AMBIGUOUS', '该户有多名同名成员，请填写成员身份证号或与户主关系 (several members share the name: give the ID number or the relation)') };
      }
    }
    const latest = [...found].sort((a, b) => (a.joinedOn < b.joinedOn ? 1 : -1));
    return latest.find((x) => x.joinedOn <= u.terms!.startsOn) ?? latest[0];
  }

  /**
   * One record: created when the member has none of the year with the same start; corrected when
   * it has one with other terms (only the file's columns: an absent column keeps the stored
   * value); unchanged otherwise. The service's checks throw its coded errors.
   */
  private async writeOne(
    m: EntityManager,
    ctx: ImportContext,
    found: MemberEntity,
    terms: Required<EmploymentTerms>,
    u: EmploymentUnit,
    present: ReadonlySet<string>,
    dryRun: boolean,
  ): Promise<{ count: 'created' | 'updated' | 'unchanged' | 'rejected'; problem?: ImportProblem }> {
    // The member locked first, as createEmploymentRecord does: its records are checked against each other.
    const member = await this.repo.lockMember(m, found.id);
    const same = await this.repo.findSame(ctx.scope, m, { memberId: member.id, year: terms.year, startsOn: terms.startsOn });
    if (same.length > 1) {
      return { count: 'rejected', problem: problem(u, 'startsOn', 'EMPLOYMENT_RECORD_AMBIGUOUS', `该成员本年已有 ${same.length} 条同一开始日期的务工记录，请在系统中逐条修改 (several records of the member start that day: correct them one by one in the service)`) };
    }
    const [before] = same;
    if (!before) {
      if (ctx.strategy === ImportStrategy.UPDATE) return { count: 'rejected', problem: problem(u, 'startsOn', 'EMPLOYMENT_RECORD_NOT_FOUND', '该成员没有此务工记录（仅更新模式）(no such record; the strategy updates only)') };
      const row = await this.records.checkCreate(ctx.scope, m, member, terms);
      if (dryRun) return { count: 'created', problem: ctx.listChanges ? info(u, 'WOULD_CREATE', '将新增此务工记录 (would create the record)') : undefined };
      await this.records.insertChecked(m, row, 'employment.importEmploymentRecord');
      return { count: 'created' };
    }
    const changes: Partial<EmploymentTerms> = {};
    for (const k of CORRECTED) if (present.has(COLUMN_OF_TERM[k])) Object.assign(changes, { [k]: terms[k] });
    const after = await this.records.checkUpdate(ctx.scope, m, before, member, changes);
    const changed = CORRECTED.filter((k) => (after[k] ?? null) !== (before[k as keyof EmploymentRecordEntity] ?? null));
    if (!changed.length) return { count: 'unchanged' };
    if (ctx.strategy === ImportStrategy.CREATE) return { count: 'rejected', problem: problem(u, 'startsOn', 'EMPLOYMENT_RECORD_EXISTS', '该成员已有此务工记录，不能新增（仅新增模式）(the record exists; the strategy creates only)') };
    if (dryRun) return { count: 'updated', problem: ctx.listChanges ? info(u, 'WOULD_UPDATE', `将修改：${changed.join('、')} (would update: ${changed.join(', ')})`) : undefined };
    await this.records.applyUpdate(m, before, before.version, after, 'employment.importEmploymentRecord');
    return { count: 'updated' };
  }
}

/** Pure: a record's row (adjacent rows of one key: a duplicate) → the checked unit. */
function assemble(group: UnitRows<EmploymentUnit>): EmploymentUnit {
  const [row] = group.rows;
  const householdNumber = cellText(row.values.get('householdNumber'));
  const unit: EmploymentUnit = {
    householdNumber, rowNumber: row.rowNumber, idNumber: null, memberName: null, relation: null, employerCreditCode: null, terms: null, duplicates: group.size - 1, key: group.key, problems: [], valid: false,
  };
  for (const p of row.problems) unit.problems.push({ severity: ProblemSeverity.ERROR, rowNumber: row.rowNumber, householdNumber: householdNumber || null, ...p });
  for (const dup of group.rows.slice(1)) {
    // The same record on the next rows: the first row stands, the others are refused.
    unit.problems.push(problem({ householdNumber, rowNumber: dup.rowNumber }, 'householdNumber', 'DUPLICATE_EMPLOYMENT_RECORD', `与第 ${row.rowNumber} 行是同一成员、同一年度和开始日期的务工记录 (the same record as row ${row.rowNumber})`));
  }
  const { values, refused } = parseRowCells(EMPLOYMENT_COLUMNS.columns, row.values);
  for (const r of refused) unit.problems.push(problem(unit, r.key, r.code, r.message));
  unit.idNumber = (values.idNumber as string | undefined) ?? null;
  unit.memberName = (values.memberName as string | undefined) ?? null;
  unit.relation = (values.relation as Relation | undefined) ?? null;
  if (!unit.idNumber && !unit.memberName && !refused.some((r) => r.key === 'idNumber' || r.key === 'memberName')) {
    unit.problems.push(problem(unit, 'idNumber', 'REQUIRED', '“成员身份证号”与“成员姓名”至少填写一项 (the member\'s ID number, or its name)'));
  }
  if (values.employerCreditCode !== undefined) {
    const code = parseCreditCode(values.employerCreditCode as string);
    if (code.ok) unit.employerCreditCode = code.value;
    else unit.problems.push(...fromError(unit, EntitiesErrors.creditCodeInvalid(code, 'input.employerEntityId')));
  }
  const errors = () => unit.problems.some((p) => p.severity === ProblemSeverity.ERROR && p.rowNumber === row.rowNumber);
  if (!errors()) {
    try {
      // The shapes as createEmploymentRecord checks them: months, income, period in the year.
      unit.terms = checkEmploymentTerms({
        year: values.year as number,
        channel: values.channel as string,
        place: values.place as WorkPlace,
        employerName: (values.employerName as string | undefined) ?? null,
        startsOn: values.startsOn as string,
        endsOn: (values.endsOn as string | undefined) ?? null,
        monthsWorked: values.monthsWorked as number,
        monthlyIncome: values.monthlyIncome as string,
        overlapReason: (values.overlapReason as string | undefined) ?? null,
      });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      unit.problems.push(...fromError(unit, e));
    }
  }
  unit.key = [householdNumber, unit.idNumber ?? '', unit.idNumber ? '' : (unit.memberName ?? ''), values.year ?? '', values.startsOn ?? ''].join('|');
  unit.valid = !errors();
  return unit;
}

function problem(u: Pick<EmploymentUnit, 'householdNumber' | 'rowNumber'>, key: string, code: string, message: string): ImportProblem {
  const column = EMPLOYMENT_COLUMNS.byKey.get(key)!;
  return { severity: ProblemSeverity.ERROR, rowNumber: u.rowNumber, householdNumber: u.householdNumber || null, column: column.header, field: key, code, message };
}

function info(u: EmploymentUnit, code: string, message: string): ImportProblem {
  return { severity: ProblemSeverity.INFO, rowNumber: u.rowNumber, householdNumber: u.householdNumber || null, column: null, field: null, code, message };
}

/**
 * The employment service's coded error as the report's problems: each field it names as its
 * column (input.monthsWorked → 务工月数; the member: the column the row named it by), its reason as
 * the code; the sector write scope's refusal is EMPLOYMENT_OUT_OF_SCOPE.
 */
function fromError(u: Pick<EmploymentUnit, 'householdNumber' | 'rowNumber' | 'idNumber'>, e: AppError): ImportProblem[] {
  const items = e.problems?.length ? e.problems : [{ field: e.field ?? '', reason: e.reason ?? e.code, message: e.message }];
  return items.map((p) => {
    let key = COLUMN_OF_FIELD[p.field] ?? 'householdNumber';
    if (key === 'idNumber' && !u.idNumber) key = 'memberName';
    const code = p.reason === CommonReason.REGION_OUT_OF_SCOPE ? 'EMPLOYMENT_OUT_OF_SCOPE' : String(p.reason);
    return problem(u, key, code, p.message);
  });
}
