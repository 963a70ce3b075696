import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { HouseholdsRepository } from '../../households.repository';
import { HouseholdIncomesService } from '../../household-incomes.service';
import { HouseholdsService } from '../../households.service';
import { MembersService } from '../../members.service';
import { ParametersService, ParametersUsed } from '../../../parameters/parameters.service';
import { EXIT_LINE_KEY, NATIONAL_LINE_KEY } from '../../poverty-lines.service';
import { minDate, todayInChina } from '../local-date';
import { ExitFacts } from './exit-standard';

/**
 * Gathers each exit criterion's input from the registry (read-only, through its exported
 * services): the household's recorded conditions, its members on the reference day (31 December
 * of the year, or today while that year runs: joined on or before it, not left by then), the
 * year's income, poverty line and insurance enrolment. The lines come from the policy parameter
 * store as of the reference day for the household's village: `registry.exit_income_line` (the
 * provincial exit line, or the district's own) when configured there, else
 * `registry.poverty_line_national`; both are listed in `parametersUsed` with their status. Sector modules will later supply some of
 * these inputs (schooling, insurance, housing, water) themselves; each criterion only sees its
 * own input interface.
 */
@Injectable()
export class ExitFactsProvider {
  constructor(
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly incomes: HouseholdIncomesService,
    private readonly householdRows: HouseholdsRepository,
    private readonly parameters: ParametersService,
  ) {}

  /** Null when the household does not exist. The caller has checked region scope. */
  async load(householdId: string, year: number, manager?: EntityManager, today = todayInChina()): Promise<ExitFacts | null> {
    const [household] = await this.households.findByIds([householdId], manager);
    if (!household) return null;
    const membersOn = minDate(`${year}-12-31`, today);
    const members = await this.members.membersOf([householdId], { asOf: membersOn }, manager);
    const income = await this.householdRows.incomeOf(householdId, year, manager);
    const used = new ParametersUsed();
    const [exitLine, nationalLine] = (
      await this.parameters.valuesAt([EXIT_LINE_KEY, NATIONAL_LINE_KEY], membersOn, household.regionCode, manager)
    ).map((v) => used.add(v));
    const insurance = (await this.incomes.insuranceOf(members.map((m) => m.id), manager)).filter((i) => Number(i.year) === year);
    const insuranceOf = new Map(insurance.map((i) => [i.memberId, i]));
    return {
      householdId,
      year,
      membersOn,
      income: {
        year,
        income,
        householdSize: members.length,
        line: {
          nationalLine: nationalLine.configured ? (nationalLine.value as string) : null,
          provincialExitLine: exitLine.configured ? (exitLine.value as string) : null,
        },
      },
      foodClothing: { foodClothingSecure: household.foodClothingSecure },
      compulsorySchooling: {
        year,
        members: members.map((m) => ({
          memberId: m.id,
          name: m.name,
          birthDate: m.birthDate,
          schoolingStatus: m.schoolingStatus,
          schoolingExemption: m.schoolingExemption,
        })),
      },
      basicMedical: {
        year,
        members: members.map((m) => ({
          memberId: m.id,
          name: m.name,
          basicMedical: insuranceOf.get(m.id)?.basicMedical ?? null,
          seriousIllness: insuranceOf.get(m.id)?.seriousIllness ?? null,
        })),
      },
      safeHousing: {
        ownsHousing: household.ownsHousing,
        dilapidatedHousing: household.dilapidatedHousing,
        dilapidationGrade: household.dilapidationGrade,
      },
      safeWater: { safeDrinkingWater: household.safeDrinkingWater },
      parametersUsed: used.list(),
    };
  }
}
