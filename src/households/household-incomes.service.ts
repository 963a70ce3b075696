import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Principal } from '../common/access/principal';
import { AuditService } from '../audit/audit.service';
import { SetHouseholdIncomeInput, SetMemberInsuranceInput } from './dto/income.inputs';
import { HouseholdIncomeEntity } from './household-income.entity';
import { INCOME_COMPONENTS, IncomeComponents, incomeTotals, IncomeTotals, perCapitaNetIncome } from './household-income';
import { HouseholdsErrors } from './households.errors';
import { HouseholdsRepository } from './households.repository';
import { HouseholdsService } from './households.service';
import { MemberInsuranceEntity } from './member-insurance.entity';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';
import { checkIncome } from './registry-validation';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { HOUSEHOLD_INCOME_AUDIT, MEMBER_INSURANCE_AUDIT } from './households.audited';

/** One year's income with the computed totals and the per-capita figure. */
export interface IncomeSummary extends IncomeTotals {
  householdId: string;
  year: number;
  components: IncomeComponents;
  /** Members at the end of the year. */
  householdSize: number;
  /** Net income ÷ household size; null when the size is 0. */
  perCapitaNetIncome: string | null;
}

/**
 * Households' yearly incomes (with household size at the year's end and the per-capita net
 * income) and members' yearly insurance: reads for loaders and other modules, and the two
 * writes (in the caller's region scope, audited in one transaction).
 */
@Injectable()
export class HouseholdIncomesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly householdsRepo: HouseholdsRepository,
    private readonly membersRepo: MembersRepository,
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly audit: AuditService,
  ) {}

  // ------------------------------------------------------------------ reads (after an access check)

  incomesOf(householdIds: readonly string[], manager?: EntityManager): Promise<HouseholdIncomeEntity[]> {
    return this.householdsRepo.incomesOf(householdIds, manager);
  }

  insuranceOf(memberIds: readonly string[], manager?: EntityManager): Promise<MemberInsuranceEntity[]> {
    return this.membersRepo.insuranceOf(memberIds, manager);
  }

  /** Household size at the end of each year (keys `householdId|year`). */
  sizesAtYearEnd(keys: readonly { householdId: string; year: number }[], manager?: EntityManager): Promise<Map<string, number>> {
    return this.membersRepo.sizesAtYearEnd(keys, manager);
  }

  /** A year's income with totals and per-capita net income (÷ size at that year's end); null if not recorded. */
  async incomeSummary(householdId: string, year: number, manager?: EntityManager): Promise<IncomeSummary | null> {
    const income = await this.householdsRepo.incomeOf(householdId, year, manager);
    if (!income) return null;
    const sizes = await this.membersRepo.sizesAtYearEnd([{ householdId, year }], manager);
    const householdSize = sizes.get(`${householdId}|${year}`) ?? 0;
    const components = pickComponents(income);
    return { householdId, year, components, ...incomeTotals(components), householdSize, perCapitaNetIncome: perCapitaNetIncome(components, householdSize) };
  }

  // ------------------------------------------------------------------ writes

  /** Records (or replaces) a household's income of one year; send the version when the year exists. */
  async setIncome(principal: Principal, input: SetHouseholdIncomeInput): Promise<HouseholdIncomeEntity> {
    const components = Object.fromEntries(INCOME_COMPONENTS.map((k) => [k, input[k] ?? '0'])) as unknown as IncomeComponents;
    const problems = checkIncome(components as unknown as Record<string, string>, 'input', INCOME_COMPONENTS);
    if (problems.length) throw HouseholdsErrors.invalid(problems);
    try {
      return await this.dataSource.transaction(async (m) => {
        // Locked: the row carries the household's village, which a move at the same time would change.
        const household = await this.households.getInScope(principal, input.householdId, m, { field: 'input.householdId', lock: true });
        const before = await this.householdsRepo.incomeOf(household.id, input.year, m);
        let after: HouseholdIncomeEntity;
        if (before) {
          if (input.version == null) throw HouseholdsErrors.incomeVersionRequired();
          const updated = await this.householdsRepo.updateIncome(m, household.id, input.year, input.version, components);
          if (!updated) {
            throw versionConflict({ expectedVersion: input.version, currentVersion: before.version });
          }
          after = updated;
        } else {
          if (input.version != null) throw HouseholdsErrors.incomeVersionUnexpected();
          after = await this.householdsRepo.insertIncome(m, { householdId: household.id, regionCode: household.regionCode, year: input.year, ...components });
        }
        const audited = (e: IncomeComponents) => ({ householdId: household.id, year: input.year, regionCode: household.regionCode, components: pickComponents(e) });
        await this.audit.change(m, HOUSEHOLD_INCOME_AUDIT, 'households.setIncome', before ? audited(before) : null, audited(after));
        return after;
      });
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') {
        // Two first recordings of the same year raced: the loser read no row.
        throw HouseholdsErrors.incomeVersionUnexpected();
      }
      throw e;
    }
  }

  /** Records a member's insurance flags of one year (replacing that year's), audited. */
  async setInsurance(principal: Principal, input: SetMemberInsuranceInput): Promise<MemberInsuranceEntity> {
    return this.dataSource.transaction(async (m) => {
      // Locked: the row carries the member's household and village, which a move at the same time would change.
      const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
      const [before] = (await this.membersRepo.insuranceOf([member.id], m)).filter((x) => Number(x.year) === input.year);
      const after = await this.membersRepo.upsertInsurance(m, {
        memberId: member.id,
        householdId: member.householdId,
        regionCode: member.regionCode,
        year: input.year,
        basicMedical: input.basicMedical,
        seriousIllness: input.seriousIllness,
        pension: input.pension,
        supplementaryMedical: input.supplementaryMedical,
        accidentSubsidy: input.accidentSubsidy,
      });
      await this.audit.change(m, MEMBER_INSURANCE_AUDIT, 'members.setInsurance', before ?? null, after, { regionCode: member.regionCode });
      return after;
    });
  }
}

function pickComponents(e: IncomeComponents): IncomeComponents {
  return Object.fromEntries(INCOME_COMPONENTS.map((k) => [k, e[k]])) as unknown as IncomeComponents;
}
