import { minDate, todayInChina } from '../../../common/dates/local-date';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { HouseholdsRepository } from '../../households.repository';
import { HouseholdIncomesService } from '../../household-incomes.service';
import { HouseholdsService } from '../../households.service';
import { MembersService } from '../../members.service';
import { ParametersService, ParametersUsed, ParameterValue } from '../../../parameters/parameters.service';
import { EXIT_LINE_KEY, NATIONAL_LINE_KEY } from '../../poverty-lines.service';
import { ExitFacts } from './exit-standard';
import { ExitFactSources, FactMember } from './exit-fact-sources';

/**
 * Gathers each exit criterion's input from the registry (read-only, through its exported
 * services): the household's recorded conditions, its members on the reference day (31 December
 * of the year, or today while that year runs: joined on or before it, not left by then), the
 * year's income, poverty line and insurance enrolment. The lines come from the policy parameter
 * store as of the reference day for the household's village: `registry.exit_income_line` (the
 * provincial exit line, or the district's own) when configured there, else
 * `registry.poverty_line_national`; both are listed in `parametersUsed` with their status. Sector modules registered in ExitFactSources
 * supply schooling and insurance from their records, member by member, replacing the registry's
 * fields where they hold records for the year; each criterion only sees its own input interface.
 */
@Injectable()
export class ExitFactsProvider {
  constructor(
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly incomes: HouseholdIncomesService,
    private readonly householdRows: HouseholdsRepository,
    private readonly parameters: ParametersService,
    private readonly sources: ExitFactSources,
  ) {}

  /** Null when the household does not exist. The caller has checked region scope. */
  async load(householdId: string, year: number, manager?: EntityManager, today = todayInChina()): Promise<ExitFacts | null> {
    return (await this.loadMany([{ householdId, year }], manager, today))[0];
  }

  /**
   * The facts of many households and years at once (a few reads for the whole list, not per
   * household: the procedure batch writer assesses thousands of historical exits), in the
   * keys' order; null where the household does not exist. The caller has checked region scope.
   */
  async loadMany(keys: readonly { householdId: string; year: number }[], manager?: EntityManager, today = todayInChina()): Promise<(ExitFacts | null)[]> {
    if (!keys.length) return [];
    const ids = [...new Set(keys.map((k) => k.householdId))];
    const households = new Map((await this.households.findByIds(ids, manager)).map((h) => [h.id, h]));
    const membersOnOf = (year: number) => minDate(`${year}-12-31`, today);
    // Members on each reference day, by household (one read per distinct day).
    const membersAt = new Map<string, Map<string, Awaited<ReturnType<MembersService['membersOf']>>>>();
    for (const on of new Set(keys.map((k) => membersOnOf(k.year)))) {
      const byHousehold = new Map<string, Awaited<ReturnType<MembersService['membersOf']>>>();
      const wanted = [...new Set(keys.filter((k) => membersOnOf(k.year) === on && households.has(k.householdId)).map((k) => k.householdId))];
      for (const mm of await this.members.membersOf(wanted, { asOf: on }, manager)) byHousehold.set(mm.householdId, [...(byHousehold.get(mm.householdId) ?? []), mm]);
      membersAt.set(on, byHousehold);
    }
    const incomes = new Map((await this.householdRows.incomesOf(ids, manager)).map((i) => [`${i.householdId}|${Number(i.year)}`, i]));
    const memberIds = [...new Set([...membersAt.values()].flatMap((byHousehold) => [...byHousehold.values()].flat().map((mm) => mm.id)))];
    const insurance = new Map((await this.incomes.insuranceOf(memberIds, manager)).map((i) => [`${i.memberId}|${Number(i.year)}`, i]));
    // The sectors' records, per year: the members assessed for that year.
    const sectorFacts = new Map<number, { schooling: Awaited<ReturnType<ExitFactSources['schoolingOf']>>; insurance: Awaited<ReturnType<ExitFactSources['insuranceOf']>> }>();
    for (const year of new Set(keys.map((k) => k.year))) {
      const asked = new Map<string, FactMember>();
      for (const k of keys.filter((k) => k.year === year))
        for (const m of membersAt.get(membersOnOf(year))?.get(k.householdId) ?? []) asked.set(m.id, { memberId: m.id, householdId: m.householdId, birthDate: m.birthDate });
      sectorFacts.set(year, { schooling: await this.sources.schoolingOf([...asked.values()], year, manager), insurance: await this.sources.insuranceOf([...asked.values()], year, manager) });
    }
    // The lines in force on each reference day for each village (one read per pair).
    const lines = new Map<string, ParameterValue[]>();
    const out: (ExitFacts | null)[] = [];
    for (const { householdId, year } of keys) {
      const household = households.get(householdId);
      if (!household) {
        out.push(null);
        continue;
      }
      const membersOn = membersOnOf(year);
      const members = membersAt.get(membersOn)?.get(householdId) ?? [];
      const lineKey = `${membersOn}|${household.regionCode}`;
      let values = lines.get(lineKey);
      if (!values) lines.set(lineKey, (values = await this.parameters.valuesAt([EXIT_LINE_KEY, NATIONAL_LINE_KEY], membersOn, household.regionCode, manager)));
      const used = new ParametersUsed();
      const [exitLine, nationalLine] = values.map((v) => used.add(v));
      const insuranceOf = (memberId: string) => insurance.get(`${memberId}|${year}`);
      const recorded = sectorFacts.get(year)!;
      out.push({
        householdId,
        year,
        membersOn,
        income: {
          year,
          income: incomes.get(`${householdId}|${year}`) ?? null,
          householdSize: members.length,
          line: {
            nationalLine: nationalLine.configured ? (nationalLine.value as string) : null,
            provincialExitLine: exitLine.configured ? (exitLine.value as string) : null,
          },
        },
        foodClothing: { foodClothingSecure: household.foodClothingSecure },
        compulsorySchooling: {
          year,
          members: members.map((m) => {
            const fact = recorded.schooling.get(m.id);
            return fact
              ? { memberId: m.id, name: m.name, birthDate: m.birthDate, schoolingStatus: fact.schoolingStatus, schoolingExemption: fact.schoolingExemption, source: fact.source }
              : { memberId: m.id, name: m.name, birthDate: m.birthDate, schoolingStatus: m.schoolingStatus, schoolingExemption: m.schoolingExemption };
          }),
        },
        basicMedical: {
          year,
          members: members.map((m) => {
            const fact = recorded.insurance.get(m.id);
            return fact
              ? { memberId: m.id, name: m.name, basicMedical: fact.basicMedical, seriousIllness: fact.seriousIllness, source: fact.source }
              : { memberId: m.id, name: m.name, basicMedical: insuranceOf(m.id)?.basicMedical ?? null, seriousIllness: insuranceOf(m.id)?.seriousIllness ?? null };
          }),
        },
        safeHousing: {
          ownsHousing: household.ownsHousing,
          dilapidatedHousing: household.dilapidatedHousing,
          dilapidationGrade: household.dilapidationGrade,
        },
        safeWater: { safeDrinkingWater: household.safeDrinkingWater },
        parametersUsed: used.list(),
      });
    }
    return out;
  }
}
