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
import { FamilyDoctorContractEntity } from '../family-doctor.entity';
import { FamilyDoctorRepository } from '../family-doctor.repository';
import { ContractTerms, FamilyDoctorService, PendingContract } from '../family-doctor.service';
import { InsuranceRepository } from '../insurance.repository';
import { COLUMN_OF_FIELD, FAMILY_DOCTOR_COLUMNS } from './family-doctor-columns';

/** The terms a roster row may correct on a contract it finds (the member, clinic and start are its key). */
const CORRECTED = ['doctor', 'endsOn', 'priorityDisease', 'followUpsDue'] as const;

/** A checked row: the contract it states, or the problems that reject it (the key: household, member, clinic and start as parsed). */
export interface FamilyDoctorUnit extends AssembledUnit, RosterUnit, RosterMember {
  terms: ContractTerms | null;
}

/**
 * The family-doctor contract roster import (kind `family-doctor-contracts`, issue #17): the health
 * commission's signing roster (家庭医生签约名册), uploaded to POST
 * /exchange/imports?kind=family-doctor-contracts (CSV, XLSX or NDJSON; dry run, all-or-nothing,
 * report: the generic machinery's). One row a contract of a member; a contract is known by its
 * member, clinic and start date. A new one is checked and written as createFamilyDoctorContract
 * does (FamilyDoctorService.checkCreate/insertChecked), an existing one with other terms (doctor,
 * end, priority disease, follow-ups due) corrected as updateFamilyDoctorContract does
 * (checkUpdate/applyUpdate: only the file's columns; its follow-ups must stay within the period),
 * audited as health.importFamilyDoctorContract. The member is found as the other rosters find it
 * (roster-member.ts).
 *
 * The follow-ups done (随访记录) are not in the roster: they stay recorded one by one
 * (recordFollowUp), and a row neither adds nor removes any.
 *
 * A member's contracts may not overlap (FAMILY_DOCTOR_CONTRACT_OVERLAP): a row is checked against
 * the member's stored contracts as the file's earlier rows leave them (PendingContract), so a dry
 * run, and the all-or-nothing check before the write, refuse what the write would.
 *
 * Mode SYNC only: a roster states the contracts signed. Its export (kind family-doctor-contracts)
 * writes the rows the import reads.
 */
@Injectable()
export class FamilyDoctorImportPort implements ImportPort<FamilyDoctorUnit>, OnModuleInit {
  readonly kind = 'family-doctor-contracts';
  readonly table = FAMILY_DOCTOR_COLUMNS;
  readonly units = ['familyDoctorContracts'];
  readonly modes = [ImportMode.SYNC];
  readonly permission = 'health.write' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly fields: ProtectedFieldsService,
    private readonly repo: FamilyDoctorRepository,
    private readonly insurance: InsuranceRepository,
    private readonly service: FamilyDoctorService,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  /**
   * The roster as it stands (GET /exchange/exports/family-doctor-contracts): the caller's
   * contracts as the contracts list reads them, one row each in the import's columns (the member
   * by name and relation, the ID number blank; no follow-ups), so the file re-imports unchanged.
   */
  readonly export: KindExport = {
    permission: 'health.read',
    fileName: 'family-doctor-contracts',
    displayName: '家庭医生签约名册',
    page: async (principal, filter, after, limit) => rosterExportPage(FAMILY_DOCTOR_COLUMNS, await this.repo.exportPage(principal, filter.regionPrefix, after, limit), limit, NO_ID_NUMBER),
  };

  example(): readonly Readonly<Record<string, string>>[] {
    const cell = (key: string, value: string) => formatCell(FAMILY_DOCTOR_COLUMNS.byKey.get(key)!, value);
    return [
      {
        householdNumber: '41010610020100001',
        memberName: '王示例',
        relation: cell('relation', 'HEAD'),
        idNumber: '',
        doctor: '刘医生',
        clinic: '峡窝镇卫生院',
        startsOn: '2018-03-01',
        endsOn: '2018-12-31',
        priorityDisease: '高血压',
        followUpsDue: '4',
      },
    ];
  }

  /** Each distinct contract is a unit; adjacent rows of the same one are a duplicate. */
  groupKey(row: RawRow): string {
    return rosterKey(row, ['householdNumber', 'idNumber', 'memberName', 'clinic', 'startsOn']);
  }

  open(ctx: ImportContext): ImportSession<FamilyDoctorUnit> {
    const present = new Set(ctx.columns.map((c) => c.key));
    const firstRowOf = new Map<string, number>();
    // The contracts the file's rows settled, by member and row number: a pass over the file overwrites its rows' (the all-or-nothing check and write run one session).
    const pending = new Map<string, Map<number, PendingContract>>();
    const memberOfRow = new Map<number, string>();
    const forget = (row: number) => {
      const memberId = memberOfRow.get(row);
      if (memberId !== undefined) pending.get(memberId)!.delete(row);
      memberOfRow.delete(row);
    };
    const earlier = (memberId: string, row: number) => [...(pending.get(memberId) ?? [])].filter(([r]) => r < row).map(([, p]) => p);
    const remember = (row: number, p: PendingContract) => {
      if (!pending.has(p.memberId)) pending.set(p.memberId, new Map());
      pending.get(p.memberId)!.set(row, p);
      memberOfRow.set(row, p.memberId);
    };
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const units = batch.map((g) => g.parsed ?? assemble(g));
        const memberOf = await rosterMembersOf({ households: this.households, members: this.members, fields: this.fields }, ctx.scope, units, m);
        return writeRosterBatch({
          unit: 'familyDoctorContracts',
          units,
          firstRowOf,
          duplicate: (u, first) => duplicate(u, first),
          fromError,
          settle: async (u) => {
            forget(u.rowNumber);
            const member = memberOf(u, u.terms!.startsOn, (key, code, message) => problem(u, key, code, message));
            if ('problem' in member) return { refused: [member.problem] };
            const { outcome, settled } = await this.writeOne(m, ctx, member, u.terms!, u, present, dryRun, earlier(member.id, u.rowNumber));
            if (outcome.count !== 'rejected' && settled) remember(u.rowNumber, settled);
            return outcome;
          },
        });
      },
    };
  }

  /**
   * One contract: created when the member has none with the clinic starting that day; corrected
   * when its terms differ (only the file's columns); unchanged otherwise. Answers the contract as
   * it stands after the row (for the later rows' overlap check).
   */
  private async writeOne(
    m: EntityManager,
    ctx: ImportContext,
    found: MemberEntity,
    terms: ContractTerms,
    u: FamilyDoctorUnit,
    present: ReadonlySet<string>,
    dryRun: boolean,
    earlier: readonly PendingContract[],
  ): Promise<{ outcome: RosterOutcome; settled?: PendingContract }> {
    // The member locked first, as createFamilyDoctorContract does: its contracts are checked against each other.
    const member = await this.insurance.lockMember(m, found.id);
    const same = await this.repo.findSame(ctx.scope, m, { memberId: member.id, clinic: terms.clinic, startsOn: terms.startsOn });
    let settled: PendingContract | undefined;
    const outcome = await settleRosterRecord<FamilyDoctorContractEntity>({
      ctx,
      dryRun,
      before: same ?? undefined,
      noun: { zh: '签约记录', en: 'family-doctor contract' },
      notFound: (message) => problem(u, 'startsOn', 'FAMILY_DOCTOR_CONTRACT_NOT_FOUND', message),
      exists: (message) => problem(u, 'startsOn', 'FAMILY_DOCTOR_CONTRACT_EXISTS', message),
      info: (code, message) => info(u, code, message),
      create: async () => {
        const { row } = await this.service.checkCreate(ctx.scope, m, member, terms, earlier);
        settled = { id: null, memberId: member.id, startsOn: row.startsOn, endsOn: row.endsOn };
        return async () => {
          const written = await this.service.insertChecked(m, row, 'health.importFamilyDoctorContract');
          settled = { ...settled!, id: written.id };
        };
      },
      update: async (before) => {
        const changes: Partial<ContractTerms> = {};
        for (const k of CORRECTED) if (present.has(k)) Object.assign(changes, { [k]: terms[k] ?? null });
        const { terms: after } = await this.service.checkUpdate(m, before, member, changes, earlier);
        settled = { id: before.id, memberId: member.id, startsOn: after.startsOn, endsOn: after.endsOn };
        return {
          changed: CORRECTED.filter((k) => (after[k] ?? null) !== (before[k] ?? null)),
          apply: async () => void (await this.service.applyUpdate(m, before, before.version, after, 'health.importFamilyDoctorContract')),
        };
      },
    });
    return { outcome, settled };
  }
}

const { problem, info, fromError: errorProblems } = rosterProblems(FAMILY_DOCTOR_COLUMNS);

/** The same contract (member, clinic, start) as an earlier row of the file. */
const DUPLICATE = { code: 'DUPLICATE_FAMILY_DOCTOR_CONTRACT', message: (first: number) => `与第 ${first} 行是同一成员同日与同一机构的签约 (the same contract as row ${first})` };
const duplicate = (u: Pick<FamilyDoctorUnit, 'householdNumber' | 'rowNumber'>, first: number) => problem(u, 'householdNumber', DUPLICATE.code, DUPLICATE.message(first));

/** Pure: a contract's row (adjacent rows of one key: a duplicate) → the checked unit (the shapes; the service checks the rest). */
function assemble(group: UnitRows<FamilyDoctorUnit>): FamilyDoctorUnit {
  const read = readRosterRow(FAMILY_DOCTOR_COLUMNS, group, DUPLICATE);
  const { householdNumber, rowNumber, values } = read;
  const unit: FamilyDoctorUnit = { householdNumber, rowNumber, idNumber: null, memberName: null, relation: null, terms: null, duplicates: group.size - 1, key: group.key, problems: read.problems, valid: false };
  const named = readRosterMember(values, unit.problems.some((p) => p.field === 'idNumber' || p.field === 'memberName'), (key, code, message) => problem(unit, key, code, message));
  Object.assign(unit, named.member);
  if (named.problem) unit.problems.push(named.problem);
  const errors = () => unit.problems.some((p) => p.severity === ProblemSeverity.ERROR && p.rowNumber === rowNumber);
  if (!errors()) {
    unit.terms = {
      doctor: values.doctor as string,
      clinic: values.clinic as string,
      startsOn: values.startsOn as string,
      // Blank: the contract runs (no end), a contract without a priority disease.
      endsOn: (values.endsOn as string | undefined) ?? null,
      priorityDisease: (values.priorityDisease as string | undefined) ?? null,
      followUpsDue: values.followUpsDue as number,
    };
  }
  unit.key = [householdNumber, unit.idNumber ?? '', unit.idNumber ? '' : (unit.memberName ?? ''), values.clinic ?? '', values.startsOn ?? ''].join('|');
  unit.valid = !errors();
  return unit;
}

/** The family-doctor service's coded error as the report's problems (each field as its column); the sector write scope's refusal is FAMILY_DOCTOR_CONTRACT_OUT_OF_SCOPE. */
const fromError = rosterErrorProblems(errorProblems, COLUMN_OF_FIELD, 'FAMILY_DOCTOR_CONTRACT_OUT_OF_SCOPE');
