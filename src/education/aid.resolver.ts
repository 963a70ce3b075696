import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { AidService } from './aid.service';
import {
  CreateEducationAidRecordInput,
  DeleteEducationAidRecordInput,
  EducationAidRecord,
  EducationAidRecordConnection,
  EducationAidRecordPayload,
  EducationAidRecordsArgs,
  EducationRecordArgs,
  Enrolment,
  StudentAidGapConnection,
  StudentsWithoutDueAidArgs,
  UpdateEducationAidRecordInput,
} from './education.models';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Student aid records (学生资助) and their gaps: thin; the service scopes by the household's village (and the department, for writes). */
@Resolver(() => EducationAidRecord)
export class AidResolver {
  constructor(private readonly service: AidService) {}

  @RequirePermission('education.read')
  @Query(() => EducationAidRecordConnection, { description: 'Student aid records (学生资助) of members of households in your region and below, newest school year first.' })
  async educationAidRecords(@Args() args: EducationAidRecordsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<EducationAidRecordConnection> {
    const { memberId, householdId, schoolYear, programme, regionCode, ...page } = args;
    return mapConnection(await this.service.list(principal, { memberId, householdId, schoolYear, programme, regionCode }, page, isFieldRequested(info, 'totalCount')), EducationAidRecord.from);
  }

  @RequirePermission('education.read')
  @Query(() => EducationAidRecord, { nullable: true, description: 'A student aid record by id; null when it does not exist or lies outside your region.' })
  async educationAidRecord(@Args() { id }: EducationRecordArgs, @CurrentPrincipal() principal: Principal): Promise<EducationAidRecord | null> {
    const [r] = await this.service.findInScope(principal, [id]);
    return r ? EducationAidRecord.from(r) : null;
  }

  @RequirePermission('education.read')
  @Query(() => StudentAidGapConnection, {
    description:
      "应助未助: enrolments in the term (or the whole year) of current members of registered households in your region (or a subtree) still entitled (not 已脱贫不再享受政策), whose stage's due programmes lack a record in the term; each with the missing programmes and the records the student has. By enrolment.",
  })
  async studentsWithoutDueAid(@Args() args: StudentsWithoutDueAidArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<StudentAidGapConnection> {
    const { year, term, regionCode, ...page } = args;
    const conn = await this.service.gaps(principal, { schoolYear: year, term, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (g) => ({ enrolment: Enrolment.from(g.enrolment), missingProgrammes: g.missing, records: g.records.map(EducationAidRecord.from) }));
  }

  @RequirePermission('education.write')
  @Mutation(() => EducationAidRecordPayload, {
    description:
      "Record a programme's aid to an enrolled student for a term: the due amount is the programme's parameter as of the term's start (yearly; half for a term), a paid amount other than it needs amountReason; a second record of the programme in an overlapping term is a duplicate (CONFLICT).",
  })
  async createEducationAidRecord(@Args('input', { description: INPUT }) input: CreateEducationAidRecordInput, @CurrentPrincipal() principal: Principal): Promise<EducationAidRecordPayload> {
    const w = await this.service.create(principal, input);
    return EducationAidRecordPayload.of(w.record, w.parametersUsed);
  }

  @RequirePermission('education.write')
  @Mutation(() => EducationAidRecordPayload, { description: 'Correct an aid record (amount, day paid, reason); send the version you read.' })
  async updateEducationAidRecord(@Args('input', { description: INPUT }) input: UpdateEducationAidRecordInput, @CurrentPrincipal() principal: Principal): Promise<EducationAidRecordPayload> {
    const w = await this.service.update(principal, input);
    return EducationAidRecordPayload.of(w.record, w.parametersUsed);
  }

  @RequirePermission('education.write')
  @Mutation(() => EducationAidRecordPayload, { description: 'Delete an aid record entered in error, with the reason; send the version you read. The audit trail keeps it.' })
  async deleteEducationAidRecord(@Args('input', { description: INPUT }) input: DeleteEducationAidRecordInput, @CurrentPrincipal() principal: Principal): Promise<EducationAidRecordPayload> {
    return EducationAidRecordPayload.of(await this.service.delete(principal, input), []);
  }
}
