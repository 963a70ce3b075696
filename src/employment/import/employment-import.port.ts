import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { parseCreditCode } from '../../common/identity-number/credit-code';
import { formatCell } from '../../common/imports/columns';
import { AssembledUnit, ImportContext, ImportMode, ImportPort, ImportSession, KindExport } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { ProblemSeverity, RawRow } from '../../common/imports/import-types';
import { readRosterRow, rosterExportPage, rosterKey, rosterProblems, RosterOutcome, RosterUnit, settleRosterRecord, writeRosterBatch } from '../../common/imports/roster-port';
import type { UnitRows } from '../../common/imports/unit-rows';
import { HouseholdsService } from '../../households/households.service';
import { readRosterMember, rosterErrorProblems, RosterMember, rosterMembersOf } from '../../households/import/roster-member';
import { MemberEntity } from '../../households/member.entity';
import { MembersService } from '../../households/members.service';
import { ProtectedFieldsService } from '../../households/protected-fields.service';
import { WorkPlace } from '../../households/registry-codes';
import { EntitiesErrors } from '../../projects/implementing-entities.errors';
import { ImplementingEntitiesRepository } from '../../projects/implementing-entities.repository';
import { EmploymentRecordEntity } from '../employment-record.entity';
import { EmploymentRecordsRepository } from '../employment-records.repository';
import { EmploymentRecordsService, WrittenEmploymentRecord } from '../employment-records.service';
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

/**
 * The export's member is its name and relation: the ID number column stays blank, and so does the
 * contact phone (a kind's export never reveals; a blank cell keeps the stored phone on import).
 */
const NOT_EXPORTED: ReadonlySet<string> = new Set(['idNumber', 'contactPhone']);

/** A checked row: the record it states, or the problems that reject it (the key: household, member, year and start as parsed). */
export interface EmploymentUnit extends AssembledUnit, RosterUnit, RosterMember {
  /** The employer's credit code, normalised; null when the employer is not an implementing entity. */
  employerCreditCode: string | null;
  /** The terms checked as createEmploymentRecord checks them (the employer entity filled in by the write). */
  terms: Required<EmploymentTerms> | null;
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
      rosterExportPage(EMPLOYMENT_COLUMNS, await this.repo.exportPage(principal, filter.regionPrefix, after, limit), limit, NOT_EXPORTED),
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
    return rosterKey(row, ['householdNumber', 'idNumber', 'memberName', 'year', 'startsOn']);
  }

  open(ctx: ImportContext): ImportSession<EmploymentUnit> {
    const present = new Set(ctx.columns.map((c) => c.key));
    const firstRowOf = new Map<string, number>();
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const units = batch.map((g) => g.parsed ?? assemble(g));
        const valid = units.filter((u) => u.valid);
        const memberOf = await rosterMembersOf({ households: this.households, members: this.members, fields: this.fields }, ctx.scope, units, m);
        const entities = await this.entities.findByCreditCodes(ctx.scope, [...new Set(valid.flatMap((u) => (u.employerCreditCode ? [u.employerCreditCode] : [])))], m);
        const entityOf = new Map(entities.map((e) => [e.creditCode, e]));
        return writeRosterBatch({
          unit: 'employmentRecords',
          units,
          firstRowOf,
          duplicate: (u, first) => duplicate(u, first),
          fromError,
          settle: async (u) => {
            const member = memberOf(u, u.terms!.startsOn, (key, code, message) => problem(u, key, code, message));
            if ('problem' in member) return { refused: [member.problem] };
            const entity = u.employerCreditCode ? entityOf.get(u.employerCreditCode) : null;
            if (u.employerCreditCode && !entity) return { refused: fromError(u, EntitiesErrors.entityNotFound('input.employerEntityId')) };
            return this.writeOne(m, ctx, member, { ...u.terms!, employerEntityId: entity?.id ?? null }, u, present, dryRun);
          },
        });
      },
    };
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
  ): Promise<RosterOutcome> {
    // The member locked first, as createEmploymentRecord does: its records are checked against each other.
    const member = await this.repo.lockMember(m, found.id);
    const same = await this.repo.findSame(ctx.scope, m, { memberId: member.id, year: terms.year, startsOn: terms.startsOn });
    if (same.length > 1) {
      return { count: 'rejected', problem: problem(u, 'startsOn', 'EMPLOYMENT_RECORD_AMBIGUOUS', `该成员本年已有 ${same.length} 条同一开始日期的务工记录，请在系统中逐条修改 (several records of the member start that day: correct them one by one in the service)`) };
    }
    // What the record's income ceiling check reads (the terms written) and, once written, its answer.
    let checked: Pick<EmploymentRecordEntity, 'startsOn' | 'regionCode' | 'monthlyIncome'> | undefined;
    let written: WrittenEmploymentRecord | undefined;
    const outcome = await settleRosterRecord({
      ctx,
      dryRun,
      before: same[0],
      noun: { zh: '务工记录', en: 'employment record' },
      notFound: (message) => problem(u, 'startsOn', 'EMPLOYMENT_RECORD_NOT_FOUND', message),
      exists: (message) => problem(u, 'startsOn', 'EMPLOYMENT_RECORD_EXISTS', message),
      info: (code, message) => info(u, code, message),
      create: async () => {
        const row = await this.records.checkCreate(ctx.scope, m, member, terms);
        checked = row;
        return async () => {
          written = await this.records.insertChecked(m, row, 'employment.importEmploymentRecord');
        };
      },
      update: async (before) => {
        const changes: Partial<EmploymentTerms> = {};
        for (const k of CORRECTED) if (present.has(COLUMN_OF_TERM[k])) Object.assign(changes, { [k]: terms[k] });
        // A phone given sets it; a blank cell (an export's) keeps the stored one.
        if (terms.contactPhone) changes.contactPhone = terms.contactPhone;
        const after = await this.records.checkUpdate(ctx.scope, m, before, member, changes);
        checked = { ...after, regionCode: before.regionCode };
        const stored = { ...before, contactPhone: this.records.contactPhoneOf(before) };
        return {
          changed: [...CORRECTED, 'contactPhone' as const].filter((k) => (after[k] ?? null) !== (stored[k] ?? null)),
          apply: async () => {
            written = await this.records.applyUpdate(m, before, before.version, after, 'employment.importEmploymentRecord');
          },
        };
      },
    });
    if ((outcome.count !== 'created' && outcome.count !== 'updated') || !checked) return outcome;
    // The record's warnings (an income above the ceiling) on its row; a dry run checks the terms it would write.
    const checks = written ?? (await this.records.incomeCeilingCheck(m, checked));
    return { ...outcome, warnings: checks.warnings.map((w) => warning(u, COLUMN_OF_FIELD[w.field ?? ''] ?? 'householdNumber', w.code, w.message)) };
  }
}

const { problem, warning, info, fromError: errorProblems } = rosterProblems(EMPLOYMENT_COLUMNS);

/** The same record (member, year, start) as an earlier row of the file. */
const DUPLICATE = { code: 'DUPLICATE_EMPLOYMENT_RECORD', message: (first: number) => `与第 ${first} 行是同一成员、同一年度和开始日期的务工记录 (the same record as row ${first})` };
const duplicate = (u: Pick<EmploymentUnit, 'householdNumber' | 'rowNumber'>, first: number) => problem(u, 'householdNumber', DUPLICATE.code, DUPLICATE.message(first));

/** Pure: a record's row (adjacent rows of one key: a duplicate) → the checked unit. */
function assemble(group: UnitRows<EmploymentUnit>): EmploymentUnit {
  const read = readRosterRow(EMPLOYMENT_COLUMNS, group, DUPLICATE);
  const { householdNumber, rowNumber, values } = read;
  const unit: EmploymentUnit = {
    householdNumber, rowNumber, idNumber: null, memberName: null, relation: null, employerCreditCode: null, terms: null, duplicates: group.size - 1, key: group.key, problems: read.problems, valid: false,
  };
  const named = readRosterMember(values, unit.problems.some((p) => p.field === 'idNumber' || p.field === 'memberName'), (key, code, message) => problem(unit, key, code, message));
  Object.assign(unit, named.member);
  if (named.problem) unit.problems.push(named.problem);
  if (values.employerCreditCode !== undefined) {
    const code = parseCreditCode(values.employerCreditCode as string);
    if (code.ok) unit.employerCreditCode = code.value;
    else unit.problems.push(...fromError(unit, EntitiesErrors.creditCodeInvalid(code, 'input.employerEntityId')));
  }
  const errors = () => unit.problems.some((p) => p.severity === ProblemSeverity.ERROR && p.rowNumber === rowNumber);
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
        contactPhone: (values.contactPhone as string | undefined) ?? null,
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

/**
 * The employment service's coded error as the report's problems: each field it names as its
 * column (input.monthsWorked → 务工月数; the member: the column the row named it by); the sector
 * write scope's refusal is EMPLOYMENT_OUT_OF_SCOPE.
 */
const fromError = rosterErrorProblems(errorProblems, COLUMN_OF_FIELD, 'EMPLOYMENT_OUT_OF_SCOPE');
