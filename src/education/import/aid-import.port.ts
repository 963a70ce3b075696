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
import { AidCorrection, AidService, AidTerms, termStartsOn } from '../aid.service';
import { AidProgramme, SchoolTerm } from '../education-rules';
import { EducationAidRecordEntity } from '../education.entities';
import { EducationRepository } from '../education.repository';
import { AID_COLUMNS, COLUMN_OF_FIELD } from './aid-columns';

/** The terms a roster row may correct on a record it finds (the member, school year, term and programme are its key). */
const CORRECTED = ['amount', 'paidOn', 'amountReason'] as const;

/** A checked row: the aid record it states, or the problems that reject it. */
export interface AidUnit extends AssembledUnit, RosterUnit, RosterMember {
  terms: AidTerms | null;
}

/**
 * The student aid roster import (kind `education-aid`, issue #17): the student-aid management
 * centre's (学生资助管理中心) 学生资助名册, uploaded to POST /exchange/imports?kind=education-aid (CSV,
 * XLSX or NDJSON; dry run, all-or-nothing, report: the generic machinery's). One row an aid record
 * of a member; a record is known by its member, programme, school year and term (the table's
 * unique key). A new one is checked and written as createEducationAidRecord does
 * (AidService.checkCreate/insertChecked: the record's enrolment is the member's enrolment of the
 * term at a stage of the programme), an existing one with another amount, day paid or reason
 * corrected as updateEducationAidRecord does (checkUpdate/applyUpdate: only the file's columns),
 * audited as education.importAidRecord. The member is found as the other rosters find it
 * (roster-member.ts). Mode SYNC only: the roster states the aid the centre paid. Its export (kind
 * education-aid) writes the rows the import reads.
 */
@Injectable()
export class AidImportPort implements ImportPort<AidUnit>, OnModuleInit {
  readonly kind = 'education-aid';
  readonly table = AID_COLUMNS;
  readonly units = ['aidRecords'];
  readonly modes = [ImportMode.SYNC];
  readonly permission = 'education.write' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly fields: ProtectedFieldsService,
    private readonly repo: EducationRepository,
    private readonly aid: AidService,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  /**
   * The roster as it stands (GET /exchange/exports/education-aid): the caller's aid records as the
   * records list reads them, one row each in the import's columns (the member by name and
   * relation, the ID number blank), so the file re-imports unchanged.
   */
  readonly export: KindExport = {
    permission: 'education.read',
    fileName: 'education-aid',
    displayName: '学生资助名册',
    page: async (principal, filter, after, limit) => rosterExportPage(AID_COLUMNS, await this.repo.aidExportPage(principal, filter.regionPrefix, after, limit), limit, NO_ID_NUMBER),
  };

  example(): readonly Readonly<Record<string, string>>[] {
    const cell = (key: string, value: string) => formatCell(AID_COLUMNS.byKey.get(key)!, value);
    return [
      {
        householdNumber: '41010610020100001',
        memberName: '王示例',
        relation: cell('relation', 'SON'),
        idNumber: '',
        schoolYear: '2018',
        term: cell('term', SchoolTerm.AUTUMN),
        programme: cell('programme', AidProgramme.COMPULSORY_LIVING),
        amount: '500.00',
        paidOn: '2018-10-15',
        amountReason: '',
      },
    ];
  }

  /** Each distinct record is a unit; adjacent rows of the same one are a duplicate. */
  groupKey(row: RawRow): string {
    return rosterKey(row, ['householdNumber', 'idNumber', 'memberName', 'schoolYear', 'term', 'programme']);
  }

  open(ctx: ImportContext): ImportSession<AidUnit> {
    const present = new Set(ctx.columns.map((c) => c.key));
    const firstRowOf = new Map<string, number>();
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const units = batch.map((g) => g.parsed ?? assemble(g));
        const memberOf = await rosterMembersOf({ households: this.households, members: this.members, fields: this.fields }, ctx.scope, units, m);
        return writeRosterBatch({
          unit: 'aidRecords',
          units,
          firstRowOf,
          duplicate: (u, first) => duplicate(u, first),
          fromError,
          settle: async (u) => {
            const member = memberOf(u, termStartsOn(u.terms!.schoolYear, u.terms!.term), (key, code, message) => problem(u, key, code, message));
            if ('problem' in member) return { refused: [member.problem] };
            return this.writeOne(m, ctx, member, u.terms!, u, present, dryRun);
          },
        });
      },
    };
  }

  /** One record: created when the member has none of the programme in the term; corrected when its amount, day paid or reason differ (only the file's columns); unchanged otherwise. */
  private async writeOne(m: EntityManager, ctx: ImportContext, found: MemberEntity, terms: AidTerms, u: AidUnit, present: ReadonlySet<string>, dryRun: boolean): Promise<RosterOutcome> {
    // The member locked first, as createEducationAidRecord does: its records are checked against each other one change at a time.
    const member = await this.repo.lockMember(m, found.id);
    const [before] = await this.repo.aidOfKeyInScope(ctx.scope, m, { memberId: member.id, programme: terms.programme, schoolYear: terms.schoolYear, term: terms.term });
    return settleRosterRecord<EducationAidRecordEntity>({
      ctx,
      dryRun,
      before,
      noun: { zh: '资助记录', en: 'aid record' },
      notFound: (message) => problem(u, 'programme', 'AID_RECORD_NOT_FOUND', message),
      exists: (message) => problem(u, 'programme', 'AID_RECORD_EXISTS', message),
      info: (code, message) => info(u, code, message),
      create: async () => {
        const checked = await this.aid.checkCreate(ctx.scope, m, member, terms);
        return () => this.aid.insertChecked(m, checked, 'education.importAidRecord');
      },
      update: async (stored) => {
        const changes: AidCorrection = {};
        for (const k of CORRECTED) if (present.has(k)) Object.assign(changes, { [k]: terms[k] ?? null });
        const checked = this.aid.checkUpdate(stored, changes);
        return {
          changed: CORRECTED.filter((k) => (checked[k] ?? null) !== (stored[k] ?? null)),
          apply: () => this.aid.applyUpdate(m, stored, stored.version, checked, 'education.importAidRecord'),
        };
      },
    });
  }
}

const { problem, info, fromError: errorProblems } = rosterProblems(AID_COLUMNS);

/** The same record (member, school year, term, programme) as an earlier row of the file. */
const DUPLICATE = { code: 'DUPLICATE_AID_RECORD', message: (first: number) => `与第 ${first} 行是同一学生、同一学年学期和资助项目的资助记录 (the same aid record as row ${first})` };
const duplicate = (u: Pick<AidUnit, 'householdNumber' | 'rowNumber'>, first: number) => problem(u, 'householdNumber', DUPLICATE.code, DUPLICATE.message(first));

/** Pure: a record's row (adjacent rows of one key: a duplicate) → the checked unit (the shapes; the service checks the rest). */
function assemble(group: UnitRows<AidUnit>): AidUnit {
  const read = readRosterRow(AID_COLUMNS, group, DUPLICATE);
  const { householdNumber, rowNumber, values } = read;
  const unit: AidUnit = { householdNumber, rowNumber, idNumber: null, memberName: null, relation: null, terms: null, duplicates: group.size - 1, key: group.key, problems: read.problems, valid: false };
  const named = readRosterMember(values, unit.problems.some((p) => p.field === 'idNumber' || p.field === 'memberName'), (key, code, message) => problem(unit, key, code, message));
  Object.assign(unit, named.member);
  if (named.problem) unit.problems.push(named.problem);
  const errors = () => unit.problems.some((p) => p.severity === ProblemSeverity.ERROR && p.rowNumber === rowNumber);
  if (!errors()) {
    unit.terms = {
      schoolYear: values.schoolYear as number,
      term: values.term as SchoolTerm,
      programme: values.programme as AidProgramme,
      amount: values.amount as string,
      paidOn: (values.paidOn as string | undefined) ?? null,
      amountReason: (values.amountReason as string | undefined) ?? null,
    };
  }
  unit.key = [householdNumber, unit.idNumber ?? '', unit.idNumber ? '' : (unit.memberName ?? ''), values.schoolYear ?? '', values.term ?? '', values.programme ?? ''].join('|');
  unit.valid = !errors();
  return unit;
}

/** The aid service's coded error as the report's problems (each field as its column); the sector write scope's refusal is EDUCATION_OUT_OF_SCOPE, as on the enrolment roster. */
const fromError = rosterErrorProblems(errorProblems, COLUMN_OF_FIELD, 'EDUCATION_OUT_OF_SCOPE');
