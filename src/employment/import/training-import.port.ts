import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { parseCreditCode } from '../../common/identity-number/credit-code';
import { formatCell } from '../../common/imports/columns';
import { AssembledUnit, ImportContext, ImportMode, ImportPort, ImportSession, KindExport } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { addCountsByUnit, ImportProblem, ProblemSeverity, RawRow, zeroCountsByUnit } from '../../common/imports/import-types';
import { readRosterRow, rosterExportPage, rosterKey, rosterProblems, RosterOutcome, RosterUnit, settleRosterRecord, writeRosterBatch } from '../../common/imports/roster-port';
import type { UnitRows } from '../../common/imports/unit-rows';
import { HouseholdsService } from '../../households/households.service';
import { NO_ID_NUMBER, readRosterMember, rosterErrorProblems, RosterMember, rosterMembersOf } from '../../households/import/roster-member';
import { MemberEntity } from '../../households/member.entity';
import { MembersService } from '../../households/members.service';
import { ProtectedFieldsService } from '../../households/protected-fields.service';
import { EntitiesErrors } from '../../projects/implementing-entities.errors';
import { ImplementingEntitiesRepository } from '../../projects/implementing-entities.repository';
import { EmploymentRecordsRepository } from '../employment-records.repository';
import { EMPLOYMENT_SECTOR } from '../employment.declaration';
import { TrainingCourseEntity, TrainingParticipationEntity } from '../training.entity';
import { TrainingRepository } from '../training.repository';
import { CheckedCourse, ParticipationTerms, TrainingService } from '../training.service';
import { COLUMN_OF_FIELD, NEW_COURSE_COLUMNS, TRAINING_COLUMNS } from './training-columns';

/** The trainee's terms a roster row may correct on an enrolment it finds (the member and course are its key), with their columns. */
const CORRECTED = ['completed', 'hoursAttended', 'certificateName', 'certificateNumber', 'passedOn'] as const;

/** The course a row names: its key (name, provider, start) and the terms it gives (null: not given). */
interface RowCourse {
  name: string;
  provider: string;
  startsOn: string;
  type: string | null;
  endsOn: string | null;
  hours: string | null;
  regionCode: string | null;
}

/** A checked row: the trainee and course it states, or the problems that reject it. */
export interface TrainingUnit extends AssembledUnit, RosterUnit, RosterMember {
  course: RowCourse | null;
  /** The provider's credit code, normalised; null when the provider is not an implementing entity. */
  providerCreditCode: string | null;
  terms: ParticipationTerms | null;
}

/** A course of the import: one the import can read, or one the file creates (written with its first trainee; never on a dry run). */
interface ImportCourse {
  entity: TrainingCourseEntity | null;
  /** A new course's checked terms. */
  planned: CheckedCourse | null;
  /** A new course counted as created (once, with its first trainee). */
  counted: boolean;
}

/**
 * The training roster import (kind `training`, issue #16): the human resources department's
 * (人社) 实名制培训台账, uploaded to POST /exchange/imports?kind=training (CSV, XLSX or NDJSON; dry
 * run, all-or-nothing, report: the generic machinery's). One row a trainee of a course; an
 * enrolment is known by its member and course. The member is found as the employment roster finds
 * it (roster-member.ts); the course by 培训项目, 培训机构 and 开班日期 among the courses the import
 * can read, else created from the row's course columns as createTrainingCourse does (checkCourse;
 * the type listed in the course's region), together with its first trainee. A new trainee is
 * checked and written as enrolTrainee does (checkEnrolment/insertEnrolment), an existing one with
 * other terms corrected as updateParticipation does, audited as employment.importTrainee and
 * employment.importTrainingCourse. A row never corrects a course: course columns that disagree
 * with it are refused (COURSE_TERMS_DIFFER; correct the course with updateTrainingCourse).
 *
 * Mode SYNC only, as the employment roster: no approval procedure for an enrolment.
 */
@Injectable()
export class TrainingImportPort implements ImportPort<TrainingUnit>, OnModuleInit {
  readonly kind = 'training';
  readonly table = TRAINING_COLUMNS;
  readonly units = ['trainingParticipations', 'trainingCourses'];
  readonly modes = [ImportMode.SYNC];
  readonly permission = 'employment.write' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly fields: ProtectedFieldsService,
    private readonly entities: ImplementingEntitiesRepository,
    private readonly records: EmploymentRecordsRepository,
    private readonly repo: TrainingRepository,
    private readonly training: TrainingService,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  /**
   * The trainees as they stand (GET /exchange/exports/training): the caller's enrolments as the
   * trainingParticipations list reads them (by the household's village), one row each with its
   * course's key and terms (the member by name and relation, the ID number blank), so the file
   * re-imports unchanged.
   */
  readonly export: KindExport = {
    permission: 'employment.read',
    fileName: 'training',
    displayName: '实名制培训台账',
    page: async (principal, filter, after, limit) =>
      rosterExportPage(TRAINING_COLUMNS, await this.repo.exportPage(principal, filter.regionPrefix, after, limit), limit, NO_ID_NUMBER),
  };

  example(): readonly Readonly<Record<string, string>>[] {
    const cell = (key: string, value: unknown) => formatCell(TRAINING_COLUMNS.byKey.get(key)!, value);
    return [
      {
        householdNumber: '41010610020100001',
        memberName: '王示例',
        relation: cell('relation', 'HEAD'),
        idNumber: '',
        courseName: '电焊工',
        provider: '上街区职业培训学校',
        startsOn: '2018-03-01',
        providerCreditCode: '',
        courseType: '精准脱贫技能培训班',
        endsOn: '2018-03-20',
        hours: '80.0',
        courseRegionCode: '410106000000',
        completed: cell('completed', true),
        hoursAttended: '80.0',
        certificateName: '焊工（初级）',
        certificateNumber: '1841010600001',
        passedOn: '2018-03-20',
      },
    ];
  }

  /** Each distinct trainee of a course is a unit; adjacent rows of the same one are a duplicate. */
  groupKey(row: RawRow): string {
    return rosterKey(row, ['householdNumber', 'idNumber', 'memberName', 'courseName', 'provider', 'startsOn']);
  }

  open(ctx: ImportContext): ImportSession<TrainingUnit> {
    const present = new Set(ctx.columns.map((c) => c.key));
    const firstRowOf = new Map<string, number>();
    // The session's courses by key, and the first row of each member in each course (a member named once by ID number, once by name).
    const courses = new Map<string, ImportCourse>();
    const traineeRow = new Map<string, number>();
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const units = batch.map((g) => g.parsed ?? assemble(g));
        const valid = units.filter((u) => u.valid);
        const memberOf = await rosterMembersOf({ households: this.households, members: this.members, fields: this.fields }, ctx.scope, units, m);
        const entities = await this.entities.findByCreditCodes(ctx.scope, [...new Set(valid.flatMap((u) => (u.providerCreditCode ? [u.providerCreditCode] : [])))], m);
        const entityOf = new Map(entities.map((e) => [e.creditCode, e]));
        const courseCounts = zeroCountsByUnit(['trainingCourses']);
        const result = await writeRosterBatch({
          unit: 'trainingParticipations',
          units,
          firstRowOf,
          duplicate: (u, first) => duplicate(u, first),
          fromError,
          settle: async (u) => {
            const member = memberOf(u, u.course!.startsOn, (key, code, message) => problem(u, key, code, message));
            if ('problem' in member) return { refused: [member.problem] };
            const entity = u.providerCreditCode ? entityOf.get(u.providerCreditCode) : null;
            if (u.providerCreditCode && !entity) return { refused: fromError(u, EntitiesErrors.entityNotFound('input.providerEntityId')) };
            const course = await this.courseOf(m, ctx, courses, u, entity?.id ?? null);
            if ('refused' in course) return course;
            const trainee = `${member.id}|${course.key}`;
            const first = traineeRow.get(trainee);
            if (first !== undefined && first !== u.rowNumber) return { refused: [duplicate(u, first)] };
            traineeRow.set(trainee, u.rowNumber);
            return this.writeOne(m, ctx, member, course.course, u, present, dryRun, () => courseCounts.trainingCourses.created++);
          },
        });
        addCountsByUnit(result.counts, courseCounts);
        return result;
      },
    };
  }

  /**
   * The row's course: one the import reads by the key (its given terms must agree), one an earlier
   * row of the file plans, or a new one checked from the row's course columns (not written yet).
   */
  private async courseOf(m: EntityManager, ctx: ImportContext, courses: Map<string, ImportCourse>, u: TrainingUnit, providerEntityId: string | null): Promise<{ course: ImportCourse; key: string } | { refused: ImportProblem[] }> {
    const c = u.course!;
    const key = [c.name, c.provider, c.startsOn].join('|');
    let course = courses.get(key);
    if (!course) {
      const found = await this.repo.coursesByKey(ctx.scope, m, c);
      if (found.length > 1) return { refused: [problem(u, 'courseName', 'COURSE_AMBIGUOUS', `有 ${found.length} 个同名、同机构、同日开班的培训班，请在系统中逐个登记 (several courses share the name, provider and start: enrol in the service)`)] };
      if (found.length) course = { entity: found[0], planned: null, counted: false };
    }
    if (course) {
      const stored = course.entity ?? course.planned!;
      const differs = courseDifferences(c, providerEntityId, u.providerCreditCode !== null, stored);
      if (differs.length) return { refused: differs.map((k) => problem(u, k, 'COURSE_TERMS_DIFFER', `与已有培训班“${c.name}”的${TRAINING_COLUMNS.byKey.get(k)!.header}不符；培训班请在系统中修改 (differs from the course's; correct the course in the service)`)) };
      courses.set(key, course);
      return { course, key };
    }
    const missing = NEW_COURSE_COLUMNS.filter((k) => !courseTerm(c, k));
    if (missing.length) return { refused: missing.map((k) => problem(u, k, 'REQUIRED', `新建培训班须填写“${TRAINING_COLUMNS.byKey.get(k)!.header}” (required for a new course)`)) };
    const planned = await this.training.checkCourse(
      { ...ctx.scope, regionCode: c.regionCode! },
      m,
      { name: c.name, provider: c.provider, providerEntityId, type: c.type!, startsOn: c.startsOn, endsOn: c.endsOn!, hours: c.hours!, regionCode: c.regionCode! },
      EMPLOYMENT_SECTOR,
    );
    course = { entity: null, planned, counted: false };
    courses.set(key, course);
    return { course, key };
  }

  /**
   * One trainee: enrolled when the member is not in the course; corrected when enrolled with other
   * terms (only the file's columns: an absent column keeps the stored value); unchanged otherwise.
   * A new course is written with its first trainee (`counted` counts it, once). The service's checks
   * throw its coded errors.
   */
  private async writeOne(
    m: EntityManager,
    ctx: ImportContext,
    found: MemberEntity,
    course: ImportCourse,
    u: TrainingUnit,
    present: ReadonlySet<string>,
    dryRun: boolean,
    counted: () => void,
  ): Promise<RosterOutcome> {
    // The member locked first, as enrolTrainee does.
    const member = await this.records.lockMember(m, found.id);
    const stored = course.entity ?? ({ id: '', ...course.planned! } as const);
    const isNew = !course.entity && !course.counted;
    const before = course.entity ? await this.repo.enrolmentInScope(ctx.scope, m, course.entity.id, member.id) : null;
    const outcome = await settleRosterRecord<TrainingParticipationEntity>({
      ctx,
      dryRun,
      before: before ?? undefined,
      noun: { zh: '参训记录', en: 'trainee enrolment' },
      notFound: (message) => problem(u, 'courseName', 'TRAINEE_NOT_FOUND', message),
      exists: (message) => problem(u, 'courseName', 'TRAINEE_EXISTS', message),
      info: (code, message) => info(u, code, message),
      create: async () => {
        const row = await this.training.checkEnrolment(ctx.scope, m, member, stored, u.terms!);
        return async () => {
          course.entity ??= await this.training.insertCheckedCourse(m, course.planned!, 'employment.importTrainingCourse');
          return this.training.insertEnrolment(m, { ...row, courseId: course.entity.id }, 'employment.importTrainee');
        };
      },
      update: async (was) => {
        const changes: ParticipationTerms = {};
        for (const k of CORRECTED) if (present.has(k)) Object.assign(changes, { [k]: u.terms![k] ?? null });
        const after = this.training.checkParticipationUpdate(was, stored, changes);
        return {
          changed: CORRECTED.filter((k) => after[k] !== undefined && (after[k] ?? null) !== (was[k] ?? null)),
          apply: () => this.training.applyParticipationUpdate(m, was, was.version, after, 'employment.importTrainee'),
        };
      },
    });
    if (outcome.count === 'created' && isNew) {
      course.counted = true;
      counted();
    }
    return outcome;
  }
}

const { problem, info, fromError: errorProblems } = rosterProblems(TRAINING_COLUMNS);

/** The same trainee of the same course as an earlier row of the file. */
const DUPLICATE = { code: 'DUPLICATE_TRAINEE', message: (first: number) => `与第 ${first} 行是同一成员参加同一培训班 (the same member and course as row ${first})` };
const duplicate = (u: Pick<TrainingUnit, 'householdNumber' | 'rowNumber'>, first: number) => problem(u, 'householdNumber', DUPLICATE.code, DUPLICATE.message(first));

/** A course term of the row by its column key. */
function courseTerm(c: RowCourse, key: (typeof NEW_COURSE_COLUMNS)[number]): string | null {
  return { courseType: c.type, endsOn: c.endsOn, hours: c.hours, courseRegionCode: c.regionCode }[key];
}

/** The columns whose given value differs from the course's (hours compared as numbers; the provider entity only where its column is given). */
function courseDifferences(c: RowCourse, providerEntityId: string | null, providerGiven: boolean, stored: Pick<TrainingCourseEntity, 'type' | 'endsOn' | 'hours' | 'regionCode' | 'providerEntityId'>): string[] {
  const out: string[] = [];
  if (c.type !== null && c.type !== stored.type) out.push('courseType');
  if (c.endsOn !== null && c.endsOn !== stored.endsOn) out.push('endsOn');
  if (c.hours !== null && Number(c.hours) !== Number(stored.hours)) out.push('hours');
  if (c.regionCode !== null && c.regionCode !== stored.regionCode) out.push('courseRegionCode');
  if (providerGiven && providerEntityId !== stored.providerEntityId) out.push('providerCreditCode');
  return out;
}

/** A decimal cell (two places) as hours are written (one place): 80.00 → 80.0; a second place kept for the service to refuse. */
const hoursText = (v: unknown): string | null => (v === undefined || v === null ? null : String(v).replace(/(\.\d)0$/, '$1'));

/** Pure: a trainee's row (adjacent rows of one key: a duplicate) → the checked unit. */
function assemble(group: UnitRows<TrainingUnit>): TrainingUnit {
  const read = readRosterRow(TRAINING_COLUMNS, group, DUPLICATE);
  const { householdNumber, rowNumber, values } = read;
  const unit: TrainingUnit = {
    householdNumber, rowNumber, idNumber: null, memberName: null, relation: null, course: null, providerCreditCode: null, terms: null, duplicates: group.size - 1, key: group.key, problems: read.problems, valid: false,
  };
  const named = readRosterMember(values, unit.problems.some((p) => p.field === 'idNumber' || p.field === 'memberName'), (key, code, message) => problem(unit, key, code, message));
  Object.assign(unit, named.member);
  if (named.problem) unit.problems.push(named.problem);
  if (values.providerCreditCode !== undefined) {
    const code = parseCreditCode(values.providerCreditCode as string);
    if (code.ok) unit.providerCreditCode = code.value;
    else unit.problems.push(...fromError(unit, EntitiesErrors.creditCodeInvalid(code, 'input.providerEntityId')));
  }
  const text = (k: string) => (values[k] as string | undefined) ?? null;
  unit.course = { name: text('courseName')!, provider: text('provider')!, startsOn: text('startsOn')!, type: text('courseType'), endsOn: text('endsOn'), hours: hoursText(values.hours), regionCode: text('courseRegionCode') };
  unit.terms = {
    ...(values.completed !== undefined ? { completed: values.completed as boolean } : {}),
    hoursAttended: hoursText(values.hoursAttended),
    certificateName: text('certificateName'),
    certificateNumber: text('certificateNumber'),
    passedOn: text('passedOn'),
  };
  unit.key = [householdNumber, unit.idNumber ?? '', unit.idNumber ? '' : (unit.memberName ?? ''), text('courseName') ?? '', text('provider') ?? '', text('startsOn') ?? ''].join('|');
  unit.valid = !unit.problems.some((p) => p.severity === ProblemSeverity.ERROR && p.rowNumber === rowNumber);
  return unit;
}

/**
 * The training service's coded error as the report's problems: each field it names as its column
 * (input.hoursAttended → 参训学时; the member: the column the row named it by); the sector write
 * scope's refusal is TRAINING_OUT_OF_SCOPE.
 */
const fromError = rosterErrorProblems(errorProblems, COLUMN_OF_FIELD, 'TRAINING_OUT_OF_SCOPE');
