import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { formatCell } from '../../common/imports/columns';
import { AssembledUnit, ImportContext, ImportMode, ImportPort, ImportSession, KindExport } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { ProblemSeverity, RawRow } from '../../common/imports/import-types';
import { readRosterRow, rosterExportPage, rosterKey, rosterProblems, RosterOutcome, RosterUnit, settleRosterRecord, writeRosterBatch } from '../../common/imports/roster-port';
import type { UnitRows } from '../../common/imports/unit-rows';
import { HouseholdsService } from '../../households/households.service';
import { NO_ID_NUMBER, readRosterMember, rosterErrorProblems, RosterMember, rosterMembersOf } from '../../households/import/roster-member';
import { MemberEntity } from '../../households/member.entity';
import { MembersService } from '../../households/members.service';
import { ProtectedFieldsService } from '../../households/protected-fields.service';
import { InsuranceRepository } from '../insurance.repository';
import { EnrolmentTerms, InsuranceService } from '../insurance.service';
import { COLUMN_OF_FIELD, INSURANCE_COLUMNS } from './insurance-columns';

/** A checked row: the enrolment it states, or the problems that reject it (the key: household, member, year and layer as parsed). */
export interface InsuranceUnit extends AssembledUnit, RosterUnit, RosterMember {
  terms: EnrolmentTerms | null;
}

/**
 * The insurance roster import (kind `insurance`, issue #17): the medical insurance bureau's (医保)
 * yearly 参保台账, uploaded to POST /exchange/imports?kind=insurance (CSV, XLSX or NDJSON; dry run,
 * all-or-nothing, report: the generic machinery's). One row a member's enrolment in a layer for a
 * year; an enrolment is known by its member, year and layer. A new one is checked and written as
 * createInsuranceEnrolment does (InsuranceService.checkCreate/insertChecked), an existing one with
 * another premium or subsidy corrected as updateInsuranceEnrolment does (checkUpdate/applyUpdate),
 * audited as health.importInsuranceEnrolment. The member is found in the household by its ID
 * number's blind index, or by its name (and relation) where the file has no ID number.
 *
 * Mode SYNC only: a roster states the enrolments the bureau recorded. Its export (kind insurance)
 * writes the rows the import reads.
 */
@Injectable()
export class InsuranceImportPort implements ImportPort<InsuranceUnit>, OnModuleInit {
  readonly kind = 'insurance';
  readonly table = INSURANCE_COLUMNS;
  readonly units = ['insuranceEnrolments'];
  readonly modes = [ImportMode.SYNC];
  readonly permission = 'health.write' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly fields: ProtectedFieldsService,
    private readonly repo: InsuranceRepository,
    private readonly service: InsuranceService,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  /**
   * The roster as it stands (GET /exchange/exports/insurance): the caller's enrolments as the
   * enrolments list reads them, one row each in the import's columns (the member by name and
   * relation, the ID number blank), so the file re-imports unchanged.
   */
  readonly export: KindExport = {
    permission: 'health.read',
    fileName: 'insurance',
    displayName: '参保台账',
    page: async (principal, filter, after, limit) => rosterExportPage(INSURANCE_COLUMNS, await this.repo.exportPage(principal, filter.regionPrefix, after, limit), limit, NO_ID_NUMBER),
  };

  example(): readonly Readonly<Record<string, string>>[] {
    const cell = (key: string, value: string) => formatCell(INSURANCE_COLUMNS.byKey.get(key)!, value);
    return [{ householdNumber: '41010610020100001', memberName: '王示例', relation: cell('relation', 'HEAD'), idNumber: '', year: '2018', layer: '基本医疗保险', premium: '180.00', subsidy: '180.00' }];
  }

  /** Each distinct enrolment is a unit; adjacent rows of the same one are a duplicate. */
  groupKey(row: RawRow): string {
    return rosterKey(row, ['householdNumber', 'idNumber', 'memberName', 'year', 'layer']);
  }

  open(ctx: ImportContext): ImportSession<InsuranceUnit> {
    const present = new Set(ctx.columns.map((c) => c.key));
    const firstRowOf = new Map<string, number>();
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const units = batch.map((g) => g.parsed ?? assemble(g));
        const memberOf = await rosterMembersOf({ households: this.households, members: this.members, fields: this.fields }, ctx.scope, units, m);
        return writeRosterBatch({
          unit: 'insuranceEnrolments',
          units,
          firstRowOf,
          duplicate: (u, first) => duplicate(u, first),
          fromError,
          settle: async (u) => {
            const member = memberOf(u, `${u.terms!.year}-12-31`, (key, code, message) => problem(u, key, code, message));
            if ('problem' in member) return { refused: [member.problem] };
            return this.writeOne(m, ctx, member, u.terms!, u, present, dryRun);
          },
        });
      },
    };
  }

  /** One enrolment: created when the member has none of the layer in the year; corrected when its amounts differ (only the file's columns); unchanged otherwise. */
  private async writeOne(m: EntityManager, ctx: ImportContext, found: MemberEntity, terms: EnrolmentTerms, u: InsuranceUnit, present: ReadonlySet<string>, dryRun: boolean): Promise<RosterOutcome> {
    // The member locked first, as createInsuranceEnrolment does: its records are checked against each other.
    const member = await this.repo.lockMember(m, found.id);
    const same = await this.repo.findSame(ctx.scope, m, { memberId: member.id, year: terms.year, layer: terms.layer });
    return settleRosterRecord({
      ctx,
      dryRun,
      before: same[0],
      noun: { zh: '参保记录', en: 'insurance enrolment' },
      notFound: (message) => problem(u, 'layer', 'INSURANCE_ENROLMENT_NOT_FOUND', message),
      exists: (message) => problem(u, 'layer', 'INSURANCE_ENROLMENT_EXISTS', message),
      info: (code, message) => info(u, code, message),
      create: async () => {
        const { row } = await this.service.checkCreate(ctx.scope, m, member, terms);
        return async () => void (await this.service.insertChecked(m, row, 'health.importInsuranceEnrolment'));
      },
      update: async (before) => {
        const changes: Partial<EnrolmentTerms> = {};
        for (const k of ['premium', 'subsidy'] as const) if (present.has(k)) changes[k] = terms[k];
        const { terms: after } = await this.service.checkUpdate(m, before, member, changes);
        return {
          changed: (['premium', 'subsidy'] as const).filter((k) => after[k] !== before[k]),
          apply: async () => void (await this.service.applyUpdate(m, before, before.version, after, 'health.importInsuranceEnrolment')),
        };
      },
    });
  }
}

const { problem, info, fromError: errorProblems } = rosterProblems(INSURANCE_COLUMNS);

/** The same enrolment (member, year, layer) as an earlier row of the file. */
const DUPLICATE = { code: 'DUPLICATE_INSURANCE_ENROLMENT', message: (first: number) => `与第 ${first} 行是同一成员、同一年度和险种的参保记录 (the same enrolment as row ${first})` };
const duplicate = (u: Pick<InsuranceUnit, 'householdNumber' | 'rowNumber'>, first: number) => problem(u, 'householdNumber', DUPLICATE.code, DUPLICATE.message(first));

/** Pure: an enrolment's row (adjacent rows of one key: a duplicate) → the checked unit. */
function assemble(group: UnitRows<InsuranceUnit>): InsuranceUnit {
  const read = readRosterRow(INSURANCE_COLUMNS, group, DUPLICATE);
  const { householdNumber, rowNumber, values } = read;
  const unit: InsuranceUnit = { householdNumber, rowNumber, idNumber: null, memberName: null, relation: null, terms: null, duplicates: group.size - 1, key: group.key, problems: read.problems, valid: false };
  const named = readRosterMember(values, unit.problems.some((p) => p.field === 'idNumber' || p.field === 'memberName'), (key, code, message) => problem(unit, key, code, message));
  Object.assign(unit, named.member);
  if (named.problem) unit.problems.push(named.problem);
  const errors = () => unit.problems.some((p) => p.severity === ProblemSeverity.ERROR && p.rowNumber === rowNumber);
  if (!errors()) unit.terms = { year: values.year as number, layer: (values.layer as string).trim(), premium: amountCell(values.premium), subsidy: amountCell(values.subsidy) };
  unit.key = [householdNumber, unit.idNumber ?? '', unit.idNumber ? '' : (unit.memberName ?? ''), values.year ?? '', values.layer ?? ''].join('|');
  unit.valid = !errors();
  return unit;
}

/** The insurance service's coded error as the report's problems (each field as its column); the sector write scope's refusal is INSURANCE_OUT_OF_SCOPE. */
const fromError = rosterErrorProblems(errorProblems, COLUMN_OF_FIELD, 'INSURANCE_OUT_OF_SCOPE');

/** A blank amount cell is not stated (null); a value is handed on as text for the service's checks. */
function amountCell(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}
