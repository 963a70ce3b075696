import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FactMember, MemberFactSource, SchoolingFact } from '../households/lifecycle/exit-standard/exit-fact-sources';
import { ParametersService } from '../parameters/parameters.service';
import { HOME_TEACHING_KEY, schoolingStatusOf, SchoolTerm, schoolYearReferenceDay } from './education-rules';
import { HomeTeachingEntity } from './education.entities';
import { EducationRepository } from './education.repository';

/**
 * The exit standard's schooling facts from the education records (§28): a member with an
 * enrolment in the school year that starts in the assessed year is assessed on it (its stage and
 * grade as the registry's schooling status; the autumn or whole-year enrolment before a spring
 * one). A member taught at home (送教上门) in that school year, where
 * education.home_teaching_counts_enrolled is true on 31 August in the member's village, is
 * exempted, the arrangement named. Members without records are left out: the registry's field stays.
 */
@Injectable()
export class SchoolingFactsSource implements MemberFactSource<SchoolingFact> {
  readonly name = 'education';

  constructor(
    private readonly repo: EducationRepository,
    private readonly parameters: ParametersService,
  ) {}

  async load(members: readonly FactMember[], year: number, manager?: EntityManager): Promise<Map<string, SchoolingFact>> {
    const out = new Map<string, SchoolingFact>();
    const enrolments = await this.repo.enrolmentsOfYear(manager, members.map((m) => m.memberId), year);
    for (const e of enrolments) {
      const kept = out.get(e.memberId);
      if (kept && e.term === SchoolTerm.SPRING) continue;
      out.set(e.memberId, { schoolingStatus: schoolingStatusOf(e.stage, e.grade), schoolingExemption: null, source: `学籍 ${e.school} (${e.schoolYear}–${e.schoolYear + 1})` });
    }
    const ids = members.map((m) => m.memberId).filter((id) => !out.has(id));
    if (!ids.length) return out;
    const taught = await (manager ?? this.repo.manager()).getRepository(HomeTeachingEntity).createQueryBuilder('t')
      .where('t.member_id = ANY(:ids) AND t.school_year = :year', { ids, year })
      .getMany();
    for (const t of taught) {
      const counts = await this.parameters.valueAt(HOME_TEACHING_KEY, schoolYearReferenceDay(year), t.regionCode, manager);
      if (!counts.configured || counts.value !== true) continue;
      out.set(t.memberId, { schoolingStatus: null, schoolingExemption: `送教上门（${t.school}：${t.reason}）`, source: `送教上门 ${t.schoolYear}–${t.schoolYear + 1}` });
    }
    return out;
  }
}
