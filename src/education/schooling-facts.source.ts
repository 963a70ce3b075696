import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FactMember, MemberFactSource, SchoolingFact } from '../households/lifecycle/exit-standard/exit-fact-sources';
import { schoolingStatusOf, SchoolTerm } from './education-rules';
import { EducationRepository } from './education.repository';

/**
 * The exit standard's schooling facts from the education records (§28): a member with an
 * enrolment in the school year that starts in the assessed year is assessed on it (its stage and
 * grade as the registry's schooling status; the autumn or whole-year enrolment before a spring
 * one). Members without records are left out: the registry's field stays.
 */
@Injectable()
export class SchoolingFactsSource implements MemberFactSource<SchoolingFact> {
  readonly name = 'education';

  constructor(private readonly repo: EducationRepository) {}

  async load(members: readonly FactMember[], year: number, manager?: EntityManager): Promise<Map<string, SchoolingFact>> {
    const out = new Map<string, SchoolingFact>();
    const enrolments = await this.repo.enrolmentsOfYear(manager, members.map((m) => m.memberId), year);
    for (const e of enrolments) {
      const kept = out.get(e.memberId);
      if (kept && e.term === SchoolTerm.SPRING) continue;
      out.set(e.memberId, { schoolingStatus: schoolingStatusOf(e.stage, e.grade), schoolingExemption: null, source: `学籍 ${e.school} (${e.schoolYear}–${e.schoolYear + 1})` });
    }
    return out;
  }
}
