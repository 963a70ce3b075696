import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { isStoredAmount } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { MembersService } from '../households/members.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { changesOf } from '../common/kit/records';
import { RETURNEE_STARTUP_AUDIT } from './employment.audited';
import { EMPLOYMENT_SECTOR } from './employment.declaration';
import { EmploymentErrors } from './employment.errors';
import { ReturneeStartupEntity } from './startups.entity';
import { StartupFilter, StartupsRepository } from './startups.repository';

/**
 * The policy parameter shown with a start-up (RULES.md §3: 返乡下乡创业 → 奖补). Its award amount is
 * not configured ("award amount —, unverified"): nothing computes an award; the officer records
 * the amounts applied for and granted.
 */
export const STARTUP_AWARD_RULE_KEY = 'employment.matching';

export interface StartupTerms {
  businessName: string;
  industry: string;
  startedOn: string;
  jobsCreated: number;
  poorHouseholdsEmployed: number;
  awardApplied?: string | null;
  awardGranted?: string | null;
}

/**
 * 返乡创业: returnee start-ups. One transaction per use case: the founder in the caller's write
 * scope (the human resources department), the award amounts as recorded (decimals ≥ 0), the row and
 * its audit row.
 */
@Injectable()
export class StartupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: StartupsRepository,
    private readonly members: MembersService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: Omit<StartupFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ReturneeStartupEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.page(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<ReturneeStartupEntity[]> {
    return this.repo.findInScope(principal, ids);
  }

  /** The award rule in force on the start-up's start in its village, with its status (shown, never applied). */
  awardRule(s: ReturneeStartupEntity): Promise<ParameterValue> {
    return this.parameters.valueAt(STARTUP_AWARD_RULE_KEY, s.startedOn, s.regionCode);
  }

  async create(principal: Principal, input: StartupTerms & { memberId: string }): Promise<ReturneeStartupEntity> {
    const terms = this.checkTerms(input);
    return this.dataSource.transaction(async (m) => {
      const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
      if (!inRegionScope(principal, member.regionCode, { sector: { value: EMPLOYMENT_SECTOR, access: 'write' } })) throw EmploymentErrors.outOfScope('input.memberId');
      const row = await this.repo.insert(m, { ...terms, memberId: member.id, householdId: member.householdId, regionCode: member.regionCode, sector: EMPLOYMENT_SECTOR });
      await this.audit.change(m, RETURNEE_STARTUP_AUDIT, 'employment.createReturneeStartup', null, row);
      return row;
    });
  }

  /** Corrects a start-up (not its founder); send the version read. */
  async update(principal: Principal, input: Partial<StartupTerms> & { id: string; version: number }): Promise<ReturneeStartupEntity> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!before) throw EmploymentErrors.startupNotFound();
      const { id: _id, version, ...changes } = input;
      const terms = this.checkTerms({ ...before, ...changesOf<Partial<StartupTerms>>(changes, ['awardApplied', 'awardGranted']) });
      const after = await this.repo.update(m, before.id, version, terms);
      await this.audit.change(m, RETURNEE_STARTUP_AUDIT, 'employment.updateReturneeStartup', before, after);
      return after;
    });
  }

  private checkTerms(input: StartupTerms): Required<StartupTerms> {
    const amount = (v: string | null | undefined, field: string): string | null => {
      if (v == null) return null;
      if (!isStoredAmount(v)) throw EmploymentErrors.invalidAmount(field);
      return v;
    };
    return {
      businessName: input.businessName.trim(),
      industry: input.industry.trim(),
      startedOn: input.startedOn,
      jobsCreated: input.jobsCreated,
      poorHouseholdsEmployed: input.poorHouseholdsEmployed,
      awardApplied: amount(input.awardApplied, 'input.awardApplied'),
      awardGranted: amount(input.awardGranted, 'input.awardGranted'),
    };
  }
}
