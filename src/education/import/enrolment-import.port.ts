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
import { termStartsOn } from '../aid.service';
import { SchoolStage, SchoolTerm } from '../education-rules';
import { EducationRepository } from '../education.repository';
import { EnrolmentsService, EnrolmentTerms } from '../enrolments.service';
import { COLUMN_OF_FIELD, ENROLMENT_COLUMNS } from './enrolment-columns';

/** The terms a roster row may correct on an enrolment it finds (the member, school year and term are its key). */
const CORRECTED = ['stage', 'school', 'grade', 'boarding', 'outsideProvince', 'ageReason'] as const;

/** A checked row: the enrolment it states, or the problems that reject it. */
export interface EnrolmentUnit extends AssembledUnit, RosterUnit, RosterMember {
  terms: EnrolmentTerms | null;
}

/**
 * The enrolment roster import (kind `enrolments`, issue #17): the education department's (教育局)
 * 学籍名册, uploaded to POST /exchange/imports?kind=enrolments (CSV, XLSX or NDJSON; dry run,
 * all-or-nothing, report: the generic machinery's). One row an enrolment of a member in a term; an
 * enrolment is known by its member, school year and term. A new one is checked and written as
 * createEnrolment does (EnrolmentsService.checkCreate/insertChecked), an existing one with other
 * terms corrected as updateEnrolment does (checkUpdate/applyUpdate), audited as
 * education.importEnrolment. The member is found as the other rosters find it (roster-member.ts).
 * Mode SYNC only. Its export (kind enrolments) writes the rows the import reads.
 */
@Injectable()
export class EnrolmentImportPort implements ImportPort<EnrolmentUnit>, OnModuleInit {
  readonly kind = 'enrolments';
  readonly table = ENROLMENT_COLUMNS;
  readonly units = ['enrolments'];
  readonly modes = [ImportMode.SYNC];
  readonly permission = 'education.write' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly fields: ProtectedFieldsService,
    private readonly repo: EducationRepository,
    private readonly enrolments: EnrolmentsService,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  /**
   * The roster as it stands (GET /exchange/exports/enrolments): the caller's enrolments as the
   * enrolments list reads them, one row each in the import's columns (the member by name and
   * relation, the ID number blank), so the file re-imports unchanged.
   */
  readonly export: KindExport = {
    permission: 'education.read',
    fileName: 'enrolments',
    displayName: '学籍名册',
    page: async (principal, filter, after, limit) => rosterExportPage(ENROLMENT_COLUMNS, await this.repo.exportPage(principal, filter.regionPrefix, after, limit), limit, NO_ID_NUMBER),
  };

  example(): readonly Readonly<Record<string, string>>[] {
    const cell = (key: string, value: string) => formatCell(ENROLMENT_COLUMNS.byKey.get(key)!, value);
    return [
      {
        householdNumber: '41010610020100001',
        memberName: '王示例',
        relation: cell('relation', 'SON'),
        idNumber: '',
        schoolYear: '2018',
        term: cell('term', SchoolTerm.AUTUMN),
        stage: cell('stage', SchoolStage.PRIMARY),
        school: '上街区示例小学',
        grade: '4',
        boarding: '否',
        outsideProvince: '否',
        ageReason: '',
      },
    ];
  }

  /** Each distinct enrolment is a unit; adjacent rows of the same one are a duplicate. */
  groupKey(row: RawRow): string {
    return rosterKey(row, ['householdNumber', 'idNumber', 'memberName', 'schoolYear', 'term']);
  }

  open(ctx: ImportContext): ImportSession<EnrolmentUnit> {
    const present = new Set(ctx.columns.map((c) => c.key));
    const firstRowOf = new Map<string, number>();
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const units = batch.map((g) => g.parsed ?? assemble(g));
        const memberOf = await rosterMembersOf({ households: this.households, members: this.members, fields: this.fields }, ctx.scope, units, m);
        return writeRosterBatch({
          unit: 'enrolments',
          units,
          firstRowOf,
          duplicate: (u, first) => duplicate(u, first),
          fromError,
          settle: async (u) => {
            const on = termStartsOn(u.terms!.schoolYear, u.terms!.term);
            const member = memberOf(u, on, (key, code, message) => problem(u, key, code, message));
            if ('problem' in member) return { refused: [member.problem] };
            return this.writeOne(m, ctx, member, u.terms!, u, present, dryRun);
          },
        });
      },
    };
  }

  /** One enrolment: created when the member has none of the term; corrected when it has one with other terms (only the file's columns); unchanged otherwise. */
  private async writeOne(m: EntityManager, ctx: ImportContext, found: MemberEntity, terms: EnrolmentTerms, u: EnrolmentUnit, present: ReadonlySet<string>, dryRun: boolean): Promise<RosterOutcome> {
    const member = await this.repo.lockMember(m, found.id);
    const [before] = await this.repo.sameTermInScope(ctx.scope, m, member.id, terms.schoolYear, terms.term);
    return settleRosterRecord({
      ctx,
      dryRun,
      before,
      noun: { zh: '学籍记录', en: 'enrolment' },
      notFound: (message) => problem(u, 'term', 'ENROLMENT_NOT_FOUND', message),
      exists: (message) => problem(u, 'term', 'ENROLMENT_EXISTS', message),
      info: (code, message) => info(u, code, message),
      create: async () => {
        const checked = await this.enrolments.checkCreate(ctx.scope, m, member, terms);
        return () => this.enrolments.insertChecked(m, checked, 'education.importEnrolment');
      },
      update: async (stored) => {
        const changes: Partial<EnrolmentTerms> = {};
        for (const k of CORRECTED) if (present.has(k)) Object.assign(changes, { [k]: terms[k] ?? null });
        const checked = await this.enrolments.checkUpdate(m, stored, member, changes);
        return {
          changed: CORRECTED.filter((k) => (checked.terms[k] ?? null) !== (stored[k] ?? null)),
          apply: () => this.enrolments.applyUpdate(m, stored, stored.version, checked, 'education.importEnrolment'),
        };
      },
    });
  }
}

const { problem, info, fromError: errorProblems } = rosterProblems(ENROLMENT_COLUMNS);

const DUPLICATE = { code: 'DUPLICATE_ENROLMENT', message: (first: number) => `与第 ${first} 行是同一学生、同一学年和学期的学籍 (the same enrolment as row ${first})` };
const duplicate = (u: Pick<EnrolmentUnit, 'householdNumber' | 'rowNumber'>, first: number) => problem(u, 'householdNumber', DUPLICATE.code, DUPLICATE.message(first));

/** Pure: an enrolment's row → the checked unit (the shapes; the service checks the rest). */
function assemble(group: UnitRows<EnrolmentUnit>): EnrolmentUnit {
  const read = readRosterRow(ENROLMENT_COLUMNS, group, DUPLICATE);
  const { householdNumber, rowNumber, values } = read;
  const unit: EnrolmentUnit = { householdNumber, rowNumber, idNumber: null, memberName: null, relation: null, terms: null, duplicates: group.size - 1, key: group.key, problems: read.problems, valid: false };
  const named = readRosterMember(values, unit.problems.some((p) => p.field === 'idNumber' || p.field === 'memberName'), (key, code, message) => problem(unit, key, code, message));
  Object.assign(unit, named.member);
  if (named.problem) unit.problems.push(named.problem);
  const errors = () => unit.problems.some((p) => p.severity === ProblemSeverity.ERROR && p.rowNumber === rowNumber);
  if (!errors()) {
    unit.terms = {
      schoolYear: values.schoolYear as number,
      term: values.term as SchoolTerm,
      stage: values.stage as SchoolStage,
      school: values.school as string,
      grade: values.grade as number,
      boarding: (values.boarding as boolean | undefined) ?? null,
      outsideProvince: (values.outsideProvince as boolean | undefined) ?? null,
      ageReason: (values.ageReason as string | undefined) ?? null,
    };
  }
  unit.key = [householdNumber, unit.idNumber ?? '', unit.idNumber ? '' : (unit.memberName ?? ''), values.schoolYear ?? '', values.term ?? ''].join('|');
  unit.valid = !errors();
  return unit;
}

/** The enrolments service's coded error as the report's problems; the sector write scope's refusal is EDUCATION_OUT_OF_SCOPE. */
const fromError = rosterErrorProblems(errorProblems, COLUMN_OF_FIELD, 'EDUCATION_OUT_OF_SCOPE');

