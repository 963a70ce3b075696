import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FactMember, InsuranceFact, MemberFactSource } from '../households/lifecycle/exit-standard/exit-fact-sources';
import { ParametersService } from '../parameters/parameters.service';
import { InsuranceRepository } from './insurance.repository';
import { INSURANCE_LAYERS_KEY, layersDay } from './insurance.service';

/** How the exit standard's facts name these records. */
export const INSURANCE_FACT_SOURCE = 'health: 参保记录 (insurance_enrolments)';

/**
 * The exit standard's insurance facts from the enrolment records (registered in ExitFactSources
 * when the module starts). A member with records for the year is assessed on them: basic medical
 * insurance is the first layer of health.insurance_layers in force for the year in the member's
 * village and serious-illness insurance the second (the list is in settlement order, RULES.md §5);
 * a member without records, or whose village has no list for the year, is left out (the
 * registry's fields stay).
 */
@Injectable()
export class InsuranceFactsSource implements MemberFactSource<InsuranceFact> {
  readonly name = 'health';

  constructor(
    private readonly repo: InsuranceRepository,
    private readonly parameters: ParametersService,
  ) {}

  async load(members: readonly FactMember[], year: number, manager?: EntityManager): Promise<Map<string, InsuranceFact>> {
    const out = new Map<string, InsuranceFact>();
    const enrolled = await this.repo.layersOf(
      members.map((m) => m.memberId),
      year,
      manager,
    );
    const lists = new Map<string, string[] | null>();
    for (const [memberId, { layers, regionCode }] of enrolled) {
      if (!lists.has(regionCode)) {
        const v = await this.parameters.valueAt(INSURANCE_LAYERS_KEY, layersDay(year), regionCode, manager);
        lists.set(regionCode, v.configured && Array.isArray(v.value) && v.value.length >= 2 ? (v.value as string[]) : null);
      }
      const list = lists.get(regionCode);
      if (!list) continue;
      out.set(memberId, { basicMedical: layers.includes(list[0]), seriousIllness: layers.includes(list[1]), source: INSURANCE_FACT_SOURCE });
    }
    return out;
  }
}
