import { Args, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import {
  ClearNotSeekingWorkInput,
  CreateEmploymentRecordInput,
  DeleteEmploymentRecordInput,
  EmploymentRecord,
  EmploymentRecordArgs,
  EmploymentRecordConnection,
  EmploymentRecordPayload,
  EmploymentRecordsArgs,
  MarkNotSeekingWorkInput,
  NotSeekingWorkMark,
  NotSeekingWorkPayload,
  RecordWriteChecks,
  UpdateEmploymentRecordInput,
} from './employment.models';
import { EmploymentRecordsService } from './employment-records.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Employment records (务工就业台账) and not-seeking-work marks: thin; the service scopes by the household's village (and the department, for writes). */
@Resolver(() => EmploymentRecord)
export class EmploymentRecordsResolver {
  constructor(private readonly service: EmploymentRecordsService) {}

  @ResolveField(() => String, {
    nullable: true,
    description: '联系方式: the contact phone (worker or employer), masked, e.g. 138****5678; null when none. In full: revealPersonalData(subject: EMPLOYMENT_RECORD_CONTACT_PHONE, id: the record) with a reason (audited).',
  })
  contactPhone(@Parent() record: EmploymentRecord): string | null {
    return this.service.maskedContactPhone(record);
  }

  @RequirePermission('employment.read')
  @Query(() => EmploymentRecordConnection, { description: 'Employment records (务工就业记录) of members of households in your region and below, newest start first.' })
  async employmentRecords(@Args() args: EmploymentRecordsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<EmploymentRecordConnection> {
    const { memberId, householdId, year, channel, employerEntityId, regionCode, ...page } = args;
    const conn = await this.service.list(principal, { memberId, householdId, year, channel, employerEntityId, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, EmploymentRecord.from);
  }

  @RequirePermission('employment.read')
  @Query(() => EmploymentRecord, { nullable: true, description: 'An employment record by id; null when it does not exist or lies outside your region.' })
  async employmentRecord(@Args() { id }: EmploymentRecordArgs, @CurrentPrincipal() principal: Principal): Promise<EmploymentRecord | null> {
    const [e] = await this.service.findInScope(principal, [id]);
    return e ? EmploymentRecord.from(e) : null;
  }

  @RequirePermission('employment.write')
  @Mutation(() => EmploymentRecordPayload, {
    description: "Record a member's job in a year: channel from employment.channels, the period in the year, months worked 0–12 (no more than the period spans), monthly income; an overlap with another record of the member needs overlapReason.",
  })
  async createEmploymentRecord(@Args('input', { description: INPUT }) input: CreateEmploymentRecordInput, @CurrentPrincipal() principal: Principal): Promise<EmploymentRecordPayload> {
    const written = await this.service.create(principal, input);
    return { employmentRecord: EmploymentRecord.from(written.record), ...RecordWriteChecks.checksOf(written) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => EmploymentRecordPayload, { description: 'Correct an employment record; send the version you read. Checked again as a new record.' })
  async updateEmploymentRecord(@Args('input', { description: INPUT }) input: UpdateEmploymentRecordInput, @CurrentPrincipal() principal: Principal): Promise<EmploymentRecordPayload> {
    const written = await this.service.update(principal, input);
    return { employmentRecord: EmploymentRecord.from(written.record), ...RecordWriteChecks.checksOf(written) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => EmploymentRecordPayload, { description: 'Delete a record entered in error, with the reason; send the version you read. The audit trail keeps it.' })
  async deleteEmploymentRecord(@Args('input', { description: INPUT }) input: DeleteEmploymentRecordInput, @CurrentPrincipal() principal: Principal): Promise<EmploymentRecordPayload> {
    return { employmentRecord: EmploymentRecord.from(await this.service.delete(principal, input)), warnings: [], parametersUsed: [] };
  }

  @RequirePermission('employment.write')
  @Mutation(() => NotSeekingWorkPayload, { description: 'Mark a current member as not seeking work (暂无就业意愿) with the reason; marking again corrects it.' })
  async markNotSeekingWork(@Args('input', { description: INPUT }) input: MarkNotSeekingWorkInput, @CurrentPrincipal() principal: Principal): Promise<NotSeekingWorkPayload> {
    return { mark: NotSeekingWorkMark.from(await this.service.markNotSeekingWork(principal, input)) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => NotSeekingWorkPayload, { description: "Clear a member's not-seeking-work mark; send the version you read. Answers the mark as it was." })
  async clearNotSeekingWork(@Args('input', { description: INPUT }) input: ClearNotSeekingWorkInput, @CurrentPrincipal() principal: Principal): Promise<NotSeekingWorkPayload> {
    return { mark: NotSeekingWorkMark.from(await this.service.clearNotSeekingWork(principal, input)) };
  }
}
