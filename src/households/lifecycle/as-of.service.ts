import { Injectable } from '@nestjs/common';
import { Principal } from '../../common/access/principal';
import { HouseholdValidity } from '../household.entity';
import { HouseholdsService } from '../households.service';
import { MembersService } from '../members.service';
import { MemberEntityAsOf } from '../as-of';
import { LifecycleRepository, StatusAsOfRow } from './lifecycle.repository';

/**
 * A household as of a date, derived from its history: status and validity from the
 * STATUS_CHANGED events, membership from the members' joined/left dates. Year-end figures can
 * so be reproduced later, whatever happened since.
 */
@Injectable()
export class AsOfService {
  constructor(
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly repo: LifecycleRepository,
  ) {}

  async statusAsOf(principal: Principal, householdId: string, date: string): Promise<StatusAsOfRow & { onRoll: boolean }> {
    const h = await this.households.getInScope(principal, householdId, undefined, { field: 'householdId' });
    const [row] = await this.repo.statusesAsOf([{ householdId: h.id, date }]);
    return { ...row, onRoll: row.validity === HouseholdValidity.ACTIVE };
  }

  /** The members on the date, as of it (their relation, leave and death then; as-of.ts), the head then first. */
  async membersAsOf(principal: Principal, householdId: string, date: string): Promise<MemberEntityAsOf[]> {
    const h = await this.households.getInScope(principal, householdId, undefined, { field: 'householdId' });
    return this.members.membersAsOf([h.id], date);
  }
}
