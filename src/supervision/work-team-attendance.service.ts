import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { VillageAssignmentEntity } from '../assistance/assistance.entities';
import { HelpersService } from '../assistance/helpers.service';
import { auditChange } from '../audit/audit-descriptor';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { daysBetween, minDate, monthBounds, todayInChina } from '../common/dates/local-date';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { RegionLevel } from '../regions/region.entity';
import { RegionsService } from '../regions/regions.service';
import { termEndedShort, workTeamMinimumOf, workTeamMinimumTermOf } from './appraisal-score';
import { WorkTeamAttendanceEntity } from './appraisal.entity';
import { AppraisalErrors } from './appraisal.errors';
import { WORK_TEAM_ATTENDANCE_AUDIT } from './supervision.audited';
import { SupervisionErrors } from './supervision.errors';

/** The work team rule (RULES.md §9: "≥3 members; term ≥2 years"). */
export const WORK_TEAM_KEY = 'supervision.work_team';

export interface WorkTeamMemberMonth {
  assignment: VillageAssignmentEntity;
  /** Days of the month within the term (up to today). */
  daysServed: number;
  /** Distinct days recorded in the village in the month. */
  days: string[];
  /** The term ended before supervision.work_team's shortest term; null while open or not configured. */
  termEndedShort: boolean | null;
}

export interface WorkTeamMonth {
  villageCode: string;
  month: string;
  /** The day the composition is judged on: the month's last day, or today in the current month. */
  asOf: string;
  members: WorkTeamMemberMonth[];
  /** Distinct persons serving on `asOf` (first secretary, leader and members). */
  memberCount: number;
  /** The smallest team supervision.work_team states; null when not configured. */
  minimumMembers: number | null;
  meetsMinimum: boolean | null;
  /** The shortest term supervision.work_team states, in years; null when not configured. */
  minimumTermYears: number | null;
  parameter: ParameterValue;
}

/**
 * Work-team attendance (驻村考勤, issue #20): the days a first secretary or work team member (the
 * assistance module's village assignments) was in the village, one row per person and day, and
 * per month the days in the village of each member serving in it, with the team's size against
 * supervision.work_team on the month's last day.
 */
@Injectable()
export class WorkTeamAttendanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly helpers: HelpersService,
    private readonly regions: RegionsService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  /** Records days in the village of an assignment in the caller's scope; days already recorded are kept as they are. */
  async record(principal: Principal, input: { assignmentId: string; days: string[] }): Promise<{ assignment: VillageAssignmentEntity; recorded: string[]; alreadyRecorded: string[] }> {
    const today = todayInChina();
    input.days.forEach((d, i) => {
      if (d > today) throw SupervisionErrors.dateInFuture(`input.days.${i}`);
    });
    return this.dataSource.transaction(async (m) => {
      const [a] = await this.helpers.findAssignmentsInScope(principal, [input.assignmentId], m);
      if (!a) throw AppraisalErrors.assignmentNotFound();
      input.days.forEach((d, i) => {
        if (d < a.startOn || (a.endOn !== null && d > a.endOn)) throw AppraisalErrors.outsideTerm(`input.days.${i}`, a.startOn, a.endOn);
      });
      const days = [...new Set(input.days)].sort();
      const rows: WorkTeamAttendanceEntity[] = await m.query(
        `INSERT INTO supervision_work_team_attendance (assignment_id, region_code, attended_on, recorded_by_name)
         SELECT $1, $2, d, $4 FROM unnest($3::date[]) AS d
         ON CONFLICT (assignment_id, attended_on) DO NOTHING
         RETURNING id, assignment_id AS "assignmentId", region_code AS "regionCode", attended_on AS "attendedOn", recorded_by_name AS "recordedByName", created_at AS "createdAt"`,
        [a.id, a.regionCode, days, principal.name],
      );
      if (rows.length) await this.audit.append(m, rows.map((r) => auditChange(WORK_TEAM_ATTENDANCE_AUDIT, 'supervision.recordWorkTeamAttendance', null, r)));
      const recorded = rows.map((r) => r.attendedOn).sort();
      return { assignment: a, recorded, alreadyRecorded: days.filter((d) => !recorded.includes(d)) };
    });
  }

  /** A village's team in a month (YYYY-MM): null when the village is outside the caller's scope. */
  async month(principal: Principal, villageCode: string, month: string): Promise<WorkTeamMonth | null> {
    if (!inRegionScope(principal, villageCode)) return null;
    const region = await this.regions.findByCode(villageCode);
    if (!region) return null;
    if (region.level !== RegionLevel.VILLAGE) throw SupervisionErrors.invalidValue('villageCode', '须为村级区划 (must be a village)');
    const today = todayInChina();
    const { start: first, end: last } = monthBounds(month);
    if (first > today) throw SupervisionErrors.dateInFuture('month');
    const asOf = minDate(last, today);
    const assignments = await this.helpers.villageAssignmentsDuring(villageCode, first, asOf);
    const rows: { assignment_id: string; days: string[] }[] = assignments.length
      ? await this.dataSource.query(
          `SELECT assignment_id, array_agg(attended_on::text ORDER BY attended_on) AS days FROM supervision_work_team_attendance
            WHERE region_code = $1 AND attended_on BETWEEN $2 AND $3 AND assignment_id = ANY($4) GROUP BY assignment_id`,
          [villageCode, first, last, assignments.map((a) => a.id)],
        )
      : [];
    const daysOf = new Map(rows.map((r) => [r.assignment_id, r.days]));
    const serving = assignments.filter((a) => a.startOn <= asOf && (a.endOn === null || a.endOn >= asOf));
    const parameter = await this.parameters.valueAt(WORK_TEAM_KEY, asOf, villageCode);
    const minimumMembers = parameter.configured ? workTeamMinimumOf(parameter.value) : null;
    const minimumTermYears = parameter.configured ? workTeamMinimumTermOf(parameter.value) : null;
    const memberCount = new Set(serving.map((a) => a.personName)).size;
    return {
      villageCode,
      month,
      asOf,
      members: assignments.map((a) => {
        const from = a.startOn > first ? a.startOn : first;
        const to = a.endOn !== null && a.endOn < asOf ? a.endOn : asOf;
        return { assignment: a, daysServed: daysBetween(from, to) + 1, days: daysOf.get(a.id) ?? [], termEndedShort: termEndedShort(a.startOn, a.endOn, minimumTermYears) };
      }),
      memberCount,
      minimumMembers,
      meetsMinimum: minimumMembers === null ? null : memberCount >= minimumMembers,
      minimumTermYears,
      parameter,
    };
  }
}

