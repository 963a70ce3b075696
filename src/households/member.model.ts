import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { FieldCipher } from '../common/crypto/field-cipher';
import { maskedField } from '../common/protection/protected-field';
import { DISABILITY_CERTIFICATE, ID_NUMBER } from './protected-fields';
import { ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { MemberInsuranceEntity } from './member-insurance.entity';
import { JoinReason, LeaveReason, MemberEntity } from './member.entity';
import {
  coded,
  codedList,
  CodedValue,
  DisabilityTypeValue,
  EducationLevelValue,
  HealthConditionValue,
  IdTypeValue,
  LabourSkillValue,
  RelationValue,
  SchoolingStatusValue,
  SexValue,
  WorkPlaceValue,
} from './registry-enums';
import {
  DisabilityType,
  EducationLevel,
  HealthCondition,
  IdType,
  LabourSkill,
  Relation,
  SchoolingStatus,
  Sex,
  WorkPlace,
} from './registry-codes';

/**
 * A member of a household (家庭成员): one membership, from joinedOn to leftOn. The ID number is
 * masked (410106********1235; revealPersonalData with MEMBER_ID_NUMBER shows it). Other modules
 * add fields with @ResolveField on `@Resolver(() => Member)`.
 */
@ObjectType('Member', { description: '家庭成员. The ID number is masked; see revealPersonalData.' })
export class Member {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'Id of the household of this membership.' })
  householdId: string;

  @Field({ description: 'The household’s village.' })
  regionCode: string;

  @Field({ description: 'A current member (false once left: death, marriage, moved).' })
  active: boolean;

  @Field({ description: 'Full name.' })
  name: string;

  @Field(() => IdTypeValue, { description: '证件类型 (kind of ID document).' })
  idType: CodedValue<IdType>;

  /** The stored row and the cipher the masked values are computed from, when first read. */
  #stored?: { row: MemberEntity; cipher: FieldCipher };
  #idNumber?: string;
  #disabilityCertificate?: string | null;

  /** Decrypted and masked when first read (a page that does not select it never decrypts it). */
  @Field({ description: 'Masked, e.g. 410106********1235.' })
  get idNumber(): string {
    if (this.#idNumber === undefined) this.#idNumber = this.#stored ? (maskedField(this.#stored.cipher, ID_NUMBER, this.#stored.row) ?? '') : '';
    return this.#idNumber;
  }
  set idNumber(value: string) {
    this.#idNumber = value;
  }

  @Field(() => SexValue, { description: '性别.' })
  sex: CodedValue<Sex>;

  @Field(() => GraphQLLocalDateScalar, { description: 'Date of birth (YYYY-MM-DD).' })
  birthDate: string;

  @Field(() => RelationValue, { description: '与户主关系' })
  relation: CodedValue<Relation>;

  @Field(() => String, { nullable: true, description: '民族 (by name, e.g. 汉族)' })
  ethnicity: string | null;

  @Field(() => String, { nullable: true, description: '政治面貌' })
  politicalStatus: string | null;

  @Field(() => EducationLevelValue, { nullable: true, description: '文化程度; null if not recorded.' })
  educationLevel: CodedValue<EducationLevel> | null;

  @Field(() => SchoolingStatusValue, { nullable: true, description: '在校生状况; null if not recorded.' })
  schoolingStatus: CodedValue<SchoolingStatus> | null;

  @Field(() => String, { nullable: true, description: 'A recorded exemption from compulsory schooling.' })
  schoolingExemption: string | null;

  @Field(() => [HealthConditionValue], { description: '健康状况: HEALTHY, or one or more conditions.' })
  health: CodedValue<HealthCondition>[];

  @Field(() => DisabilityTypeValue, { nullable: true, description: '残疾类别; null without a disability.' })
  disabilityType: CodedValue<DisabilityType> | null;

  @Field(() => Int, { nullable: true, description: '1 = most severe … 4' })
  disabilityGrade: number | null;

  @Field(() => String, {
    nullable: true,
    description: '残疾证号, masked (last 4 characters); the full number through revealPersonalData(MEMBER_DISABILITY_CERTIFICATE).',
  })
  get disabilityCertificate(): string | null {
    if (this.#disabilityCertificate === undefined) this.#disabilityCertificate = this.#stored ? maskedField(this.#stored.cipher, DISABILITY_CERTIFICATE, this.#stored.row) : null;
    return this.#disabilityCertificate;
  }
  set disabilityCertificate(value: string | null) {
    this.#disabilityCertificate = value;
  }

  @Field(() => LabourSkillValue, { nullable: true, description: '劳动技能; null if not recorded.' })
  labourSkill: CodedValue<LabourSkill> | null;

  @Field(() => WorkPlaceValue, { nullable: true, description: '务工状况; null if not recorded.' })
  workPlace: CodedValue<WorkPlace> | null;

  @Field(() => Int, { nullable: true, description: '务工时间 (months, 0–12)' })
  monthsWorked: number | null;

  @Field({ description: '享受低保' })
  lowIncomeSupport: boolean;

  @Field({ description: '特困供养' })
  extremePovertySupport: boolean;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Date of death (YYYY-MM-DD); null while alive.' })
  diedOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day of this membership (YYYY-MM-DD).' })
  joinedOn: string;

  @Field(() => JoinReason, { description: 'How the member joined the household.' })
  joinReason: JoinReason;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day of this membership; null for a current member.' })
  leftOn: string | null;

  @Field(() => LeaveReason, { nullable: true, description: 'Why the member left; null for a current member.' })
  leaveReason: LeaveReason | null;

  @Field(() => Int, { description: 'Send it back with an update; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  /** The stored values, for resolvers (not GraphQL fields). */
  relationValue: Relation;
  healthValues: HealthCondition[];
  /** Set when read in a list as of a date (as-of.ts): `age` counts on that date. */
  asOf?: string;

  static from(e: MemberEntity, cipher: FieldCipher): Member {
    const m = new Member();
    m.id = e.id;
    m.householdId = e.householdId;
    m.regionCode = e.regionCode;
    m.active = e.active;
    m.name = e.name;
    m.idType = coded(IdType, e.idType);
    // idNumber and disabilityCertificate: decrypted only when read (their getters).
    m.#stored = { row: e, cipher };
    m.sex = coded(Sex, e.sex);
    m.birthDate = e.birthDate;
    m.relation = coded(Relation, e.relation);
    m.relationValue = e.relation;
    m.ethnicity = e.ethnicity;
    m.politicalStatus = e.politicalStatus;
    m.educationLevel = coded(EducationLevel, e.educationLevel);
    m.schoolingStatus = coded(SchoolingStatus, e.schoolingStatus);
    m.schoolingExemption = e.schoolingExemption;
    m.health = codedList(HealthCondition, e.health);
    m.healthValues = e.health;
    m.disabilityType = coded(DisabilityType, e.disabilityType);
    m.disabilityGrade = e.disabilityGrade;
    m.labourSkill = coded(LabourSkill, e.labourSkill);
    m.workPlace = coded(WorkPlace, e.workPlace);
    m.monthsWorked = e.monthsWorked;
    m.lowIncomeSupport = e.lowIncomeSupport;
    m.extremePovertySupport = e.extremePovertySupport;
    m.diedOn = e.diedOn;
    m.joinedOn = e.joinedOn;
    m.joinReason = e.joinReason;
    m.leftOn = e.leftOn;
    m.leaveReason = e.leaveReason;
    m.version = e.version;
    m.createdAt = e.createdAt;
    m.updatedAt = e.updatedAt;
    return m;
  }
}

@ObjectType({ description: connectionDescription('household members (家庭成员)') })
export class MemberConnection extends ConnectionType(Member) {}

/** A member's insurance enrolment in one year. */
@ObjectType('MemberInsurance', { description: '参保情况 of one year.' })
export class MemberInsurance {
  @Field(() => ID, { description: 'Id of the member.' })
  memberId: string;

  @Field(() => Int, { description: 'The year of the enrolment.' })
  year: number;

  @Field({ description: '城乡居民基本医疗保险' })
  basicMedical: boolean;

  @Field({ description: '大病保险' })
  seriousIllness: boolean;

  @Field({ description: '城乡居民基本养老保险' })
  pension: boolean;

  @Field({ description: '商业补充医疗保险' })
  supplementaryMedical: boolean;

  @Field({ description: '人身意外保险补贴' })
  accidentSubsidy: boolean;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: MemberInsuranceEntity): MemberInsurance {
    return Object.assign(new MemberInsurance(), {
      memberId: e.memberId,
      year: Number(e.year),
      basicMedical: e.basicMedical,
      seriousIllness: e.seriousIllness,
      pension: e.pension,
      supplementaryMedical: e.supplementaryMedical,
      accidentSubsidy: e.accidentSubsidy,
      updatedAt: e.updatedAt,
    });
  }
}
