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
import { HospitalLevel, HospitalStayEntity } from '../hospital-stay.entity';
import { HospitalStaysRepository } from '../hospital-stays.repository';
import { HospitalStaysService, StayTerms } from '../hospital-stays.service';
import { InsuranceRepository } from '../insurance.repository';
import { COLUMN_OF_FIELD, formatLayerPayments, HOSPITAL_STAY_COLUMNS, parseLayerPayments } from './hospital-stay-columns';

/** The terms a roster row may correct on a stay it finds (the member, hospital and admission date are its key). */
const CORRECTED = ['hospitalLevel', 'inCounty', 'dischargedOn', 'diagnosis', 'icd10Code', 'totalCost', 'layerPayments', 'householdPaid', 'treatFirstPayLater'] as const;

/** A checked row: the stay it states, or the problems that reject it (the key: household, member, hospital and admission date as parsed). */
export interface HospitalStayUnit extends AssembledUnit, RosterUnit, RosterMember {
  terms: StayTerms | null;
}

/**
 * The hospital-stay roster import (kind `hospital-stays`, issue #17): the medical insurance
 * bureau's one-stop settlement roster (医保一站式结算名册), uploaded to POST
 * /exchange/imports?kind=hospital-stays (CSV, XLSX or NDJSON; dry run, all-or-nothing, report:
 * the generic machinery's). One row a stay of a member; a stay is known by its member, hospital
 * and admission date. A new one is checked and written as createHospitalStay does
 * (HospitalStaysService.checkCreate/insertChecked), an existing one with other terms corrected as
 * updateHospitalStay does (checkUpdate/applyUpdate: only the file's columns), audited as
 * health.importHospitalStay. The member is found as the other rosters find it (roster-member.ts).
 * Mode SYNC only: a roster states the stays the bureau settled. Its export (kind hospital-stays)
 * writes the rows the import reads.
 */
@Injectable()
export class HospitalStayImportPort implements ImportPort<HospitalStayUnit>, OnModuleInit {
  readonly kind = 'hospital-stays';
  readonly table = HOSPITAL_STAY_COLUMNS;
  readonly units = ['hospitalStays'];
  readonly modes = [ImportMode.SYNC];
  readonly permission = 'health.write' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly fields: ProtectedFieldsService,
    private readonly repo: HospitalStaysRepository,
    private readonly insurance: InsuranceRepository,
    private readonly service: HospitalStaysService,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  /**
   * The roster as it stands (GET /exchange/exports/hospital-stays): the caller's stays as the
   * stays list reads them, one row each in the import's columns (the member by name and relation,
   * the ID number blank; the layers' payments as 各层级报销 writes them), so the file re-imports
   * unchanged.
   */
  readonly export: KindExport = {
    permission: 'health.read',
    fileName: 'hospital-stays',
    displayName: '住院结算名册',
    page: async (principal, filter, after, limit) => {
      const rows = await this.repo.exportPage(principal, filter.regionPrefix, after, limit);
      return rosterExportPage(HOSPITAL_STAY_COLUMNS, rows.map((r) => ({ ...r, layerPayments: formatLayerPayments(r.layerPayments) })), limit, NO_ID_NUMBER);
    },
  };

  example(): readonly Readonly<Record<string, string>>[] {
    const cell = (key: string, value: string) => formatCell(HOSPITAL_STAY_COLUMNS.byKey.get(key)!, value);
    return [
      {
        householdNumber: '41010610020100001',
        memberName: '王示例',
        relation: cell('relation', 'HEAD'),
        idNumber: '',
        hospital: '上街区人民医院',
        hospitalLevel: cell('hospitalLevel', HospitalLevel.SECONDARY),
        inCounty: '是',
        admittedOn: '2018-04-01',
        dischargedOn: '2018-04-10',
        diagnosis: '肺炎',
        icd10Code: 'J18.9',
        totalCost: '10000.00',
        layerPayments: formatLayerPayments([{ layer: '基本医疗保险', amount: '7000.00' }, { layer: '大病保险', amount: '1500.00' }, { layer: '医疗救助', amount: '800.00' }]),
        householdPaid: '700.00',
        treatFirstPayLater: '是',
      },
    ];
  }

  /** Each distinct stay is a unit; adjacent rows of the same one are a duplicate. */
  groupKey(row: RawRow): string {
    return rosterKey(row, ['householdNumber', 'idNumber', 'memberName', 'hospital', 'admittedOn']);
  }

  open(ctx: ImportContext): ImportSession<HospitalStayUnit> {
    const present = new Set(ctx.columns.map((c) => c.key));
    const firstRowOf = new Map<string, number>();
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const units = batch.map((g) => g.parsed ?? assemble(g));
        const memberOf = await rosterMembersOf({ households: this.households, members: this.members, fields: this.fields }, ctx.scope, units, m);
        return writeRosterBatch({
          unit: 'hospitalStays',
          units,
          firstRowOf,
          duplicate: (u, first) => duplicate(u, first),
          fromError,
          settle: async (u) => {
            const member = memberOf(u, u.terms!.admittedOn, (key, code, message) => problem(u, key, code, message));
            if ('problem' in member) return { refused: [member.problem] };
            return this.writeOne(m, ctx, member, u.terms!, u, present, dryRun);
          },
        });
      },
    };
  }

  /** One stay: created when the member has none in the hospital admitted that day; corrected when its terms differ (only the file's columns); unchanged otherwise. */
  private async writeOne(m: EntityManager, ctx: ImportContext, found: MemberEntity, terms: StayTerms, u: HospitalStayUnit, present: ReadonlySet<string>, dryRun: boolean): Promise<RosterOutcome> {
    // The member locked first, as createHospitalStay does.
    const member = await this.insurance.lockMember(m, found.id);
    const same = await this.repo.findSame(ctx.scope, m, { memberId: member.id, hospital: terms.hospital, admittedOn: terms.admittedOn });
    if (same.length > 1) {
      return { count: 'rejected', problem: problem(u, 'admittedOn', 'HOSPITAL_STAY_AMBIGUOUS', `该成员同日入住此医院的住院记录有 ${same.length} 条，请先在系统中核对 (the member has ${same.length} stays in this hospital admitted that day: reconcile them first)`) };
    }
    return settleRosterRecord<HospitalStayEntity>({
      ctx,
      dryRun,
      before: same[0],
      noun: { zh: '住院记录', en: 'hospital stay' },
      notFound: (message) => problem(u, 'admittedOn', 'HOSPITAL_STAY_NOT_FOUND', message),
      exists: (message) => problem(u, 'admittedOn', 'HOSPITAL_STAY_EXISTS', message),
      info: (code, message) => info(u, code, message),
      create: async () => {
        const { row } = await this.service.checkCreate(ctx.scope, m, member, terms);
        return async () => void (await this.service.insertChecked(m, row, 'health.importHospitalStay'));
      },
      update: async (before) => {
        const changes: Partial<StayTerms> = {};
        for (const k of CORRECTED) if (present.has(k)) Object.assign(changes, { [k]: terms[k] ?? null });
        const { terms: after } = await this.service.checkUpdate(m, before, member, changes);
        return {
          changed: CORRECTED.filter((k) => JSON.stringify(after[k] ?? null) !== JSON.stringify(before[k] ?? null)),
          apply: async () => void (await this.service.applyUpdate(m, before, before.version, after, 'health.importHospitalStay')),
        };
      },
    });
  }
}

const { problem, info, fromError: errorProblems } = rosterProblems(HOSPITAL_STAY_COLUMNS);

/** The same stay (member, hospital, admission date) as an earlier row of the file. */
const DUPLICATE = { code: 'DUPLICATE_HOSPITAL_STAY', message: (first: number) => `与第 ${first} 行是同一成员同日入住同一医院的住院记录 (the same stay as row ${first})` };
const duplicate = (u: Pick<HospitalStayUnit, 'householdNumber' | 'rowNumber'>, first: number) => problem(u, 'householdNumber', DUPLICATE.code, DUPLICATE.message(first));

/** Pure: a stay's row (adjacent rows of one key: a duplicate) → the checked unit (the shapes; the service checks the rest). */
function assemble(group: UnitRows<HospitalStayUnit>): HospitalStayUnit {
  const read = readRosterRow(HOSPITAL_STAY_COLUMNS, group, DUPLICATE);
  const { householdNumber, rowNumber, values } = read;
  const unit: HospitalStayUnit = { householdNumber, rowNumber, idNumber: null, memberName: null, relation: null, terms: null, duplicates: group.size - 1, key: group.key, problems: read.problems, valid: false };
  const named = readRosterMember(values, unit.problems.some((p) => p.field === 'idNumber' || p.field === 'memberName'), (key, code, message) => problem(unit, key, code, message));
  Object.assign(unit, named.member);
  if (named.problem) unit.problems.push(named.problem);
  const layers = parseLayerPayments((values.layerPayments as string | undefined) ?? '');
  if ('refused' in layers) unit.problems.push(problem(unit, 'layerPayments', 'LAYER_PAYMENTS_FORMAT', layers.refused));
  const errors = () => unit.problems.some((p) => p.severity === ProblemSeverity.ERROR && p.rowNumber === rowNumber);
  if (!errors() && 'payments' in layers) {
    unit.terms = {
      hospital: values.hospital as string,
      hospitalLevel: values.hospitalLevel as HospitalLevel,
      inCounty: values.inCounty as boolean,
      admittedOn: values.admittedOn as string,
      dischargedOn: values.dischargedOn as string,
      diagnosis: values.diagnosis as string,
      icd10Code: (values.icd10Code as string | undefined) ?? null,
      totalCost: values.totalCost as string,
      layerPayments: layers.payments,
      householdPaid: values.householdPaid as string,
      // Blank: not deferred, as the mutation's default.
      treatFirstPayLater: (values.treatFirstPayLater as boolean | undefined) ?? false,
    };
  }
  unit.key = [householdNumber, unit.idNumber ?? '', unit.idNumber ? '' : (unit.memberName ?? ''), values.hospital ?? '', values.admittedOn ?? ''].join('|');
  unit.valid = !errors();
  return unit;
}

/** The stays service's coded error as the report's problems (each field as its column); the sector write scope's refusal is HOSPITAL_STAY_OUT_OF_SCOPE. */
const fromError = rosterErrorProblems(errorProblems, COLUMN_OF_FIELD, 'HOSPITAL_STAY_OUT_OF_SCOPE');
