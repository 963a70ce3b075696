import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { defineLazyValue } from '../common/protection/protected-field';
import { AllowList, ANY } from '../households/as-of';
import {
  AssistingUnitEntity,
  HelperEntity,
  PairingEntity,
  UnitKind,
  VillageAssignmentEntity,
  VillageRole,
  VisitDelivery,
  VisitEntity,
} from './assistance.entities';

registerEnumType(UnitKind, {
  name: 'AssistingUnitKind',
  description: 'Kind of assisting unit (帮扶单位类别).',
  valuesMap: {
    PARTY_GOVERNMENT: { description: '党政机关' },
    PUBLIC_INSTITUTION: { description: '事业单位' },
    STATE_ENTERPRISE: { description: '国有企业' },
    PRIVATE_ENTERPRISE: { description: '民营企业' },
    SOCIAL_ORGANISATION: { description: '社会组织' },
    OTHER: { description: '其他' },
  },
});

registerEnumType(VisitDelivery, {
  name: 'VisitDelivery',
  description: 'What a visit delivered (§5: 变送钱送物为送技术、送信息、送服务).',
  valuesMap: {
    TECHNOLOGY: { description: '送技术' },
    INFORMATION: { description: '送信息' },
    SERVICES: { description: '送服务' },
    FUNDS: { description: '送资金' },
    GOODS: { description: '送物资' },
    POLICY: { description: '宣讲政策' },
  },
});

registerEnumType(VillageRole, {
  name: 'VillageRole',
  description: 'Role in a village (§5: 第一书记, 驻村工作队).',
  valuesMap: {
    FIRST_SECRETARY: { description: '第一书记' },
    WORK_TEAM_LEADER: { description: '驻村工作队长' },
    WORK_TEAM_MEMBER: { description: '驻村工作队员' },
  },
});

@ObjectType('AssistingUnit', { description: '帮扶单位: a unit that sends helpers and village work teams.' })
export class AssistingUnit {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field({ description: 'Full name of the unit, e.g. 上街区财政局.' })
  name: string;

  @Field(() => UnitKind, { description: 'Kind of unit (党政机关, 国有企业…).' })
  kind: UnitKind;

  @Field({ description: 'The region the unit belongs to (usually the district or a town).' })
  regionCode: string;

  @Field(() => Int, { description: 'Optimistic-lock version: send it back with an update; a stale one answers CONFLICT (VERSION_MISMATCH).' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: AssistingUnitEntity): AssistingUnit {
    return Object.assign(new AssistingUnit(), {
      id: e.id,
      name: e.name,
      kind: e.kind,
      regionCode: e.regionCode,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

@ObjectType({ description: connectionDescription('assisting units (帮扶单位)') })
export class AssistingUnitConnection extends ConnectionType(AssistingUnit) {}

@ObjectType('Helper', { description: '帮扶责任人: a cadre responsible for some households. The phone is masked; see revealPersonalData (HELPER_PHONE).' })
export class Helper {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field({ description: 'The helper\'s full name.' })
  name: string;

  @Field(() => ID, { description: 'Id of the assisting unit (帮扶单位) that sends the helper.' })
  unitId: string;

  @Field({ description: 'Where the helper works (a town or village).' })
  regionCode: string;

  @Field(() => String, { nullable: true, description: 'Job title in the unit (职务), e.g. 科长; null if not recorded.' })
  position: string | null;

  @Field(() => String, { nullable: true, description: 'Masked, e.g. 138****5678.' })
  phone: string | null;

  @Field(() => Int, { description: 'Send it back with updateHelper; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  /** `maskedPhone` as a function: called only if the phone is read (not decrypted when not selected). */
  static from(e: HelperEntity, maskedPhone: string | null | (() => string | null)): Helper {
    const h = Object.assign(new Helper(), {
      id: e.id,
      name: e.name,
      unitId: e.unitId,
      regionCode: e.regionCode,
      position: e.position,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
    if (typeof maskedPhone === 'function') defineLazyValue(h, 'phone', maskedPhone);
    else h.phone = maskedPhone;
    return h;
  }
}

@ObjectType({ description: connectionDescription('helpers (帮扶责任人)') })
export class HelperConnection extends ConnectionType(Helper) {}

@ObjectType('Pairing', { description: '结对帮扶: a helper paired with a household from startOn to endOn (inclusive). Exit ends nothing: only endPairing does.' })
export class Pairing {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'Id of the helper (帮扶责任人).' })
  helperId: string;

  @Field(() => ID, { description: 'Id of the household helped.' })
  householdId: string;

  @Field({ description: "The household's village." })
  regionCode: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day of the pairing (YYYY-MM-DD).' })
  startOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day of the pairing; null while it lasts.' })
  endOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why the pairing ended (e.g. 调岗); null while it lasts.' })
  endReason: string | null;

  @Field(() => Int, { description: 'Optimistic-lock version: send it back with an update; a stale one answers CONFLICT (VERSION_MISMATCH).' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  /** The helper read with the pairing (nested-rows.ts), when it was (null: none); not a GraphQL field. */
  helperRow?: HelperEntity | null;

  /** A pairing with its helper read along (null: the helper row is missing). */
  static withHelper(e: PairingEntity, helper: HelperEntity | null): Pairing {
    return Object.assign(Pairing.from(e), { helperRow: helper });
  }

  static from(e: PairingEntity): Pairing {
    return Object.assign(new Pairing(), {
      id: e.id,
      helperId: e.helperId,
      householdId: e.householdId,
      regionCode: e.regionCode,
      startOn: e.startOn,
      endOn: e.endOn,
      endReason: e.endReason,
      version: e.version,
      createdAt: e.createdAt,
    });
  }
}

@ObjectType({ description: connectionDescription('pairings of helpers with households (结对帮扶)') })
export class PairingConnection extends ConnectionType(Pairing) {}

@ObjectType('Visit', { description: '走访记录: a visit of a paired helper to a household and what it delivered.' })
export class Visit {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'Id of the visiting helper.' })
  helperId: string;

  @Field(() => ID, { description: 'Id of the household visited.' })
  householdId: string;

  @Field({ description: "The household's village." })
  regionCode: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Date of the visit (YYYY-MM-DD).' })
  visitedOn: string;

  @Field(() => [VisitDelivery], { description: 'What the visit delivered (may be empty).' })
  delivered: VisitDelivery[];

  @Field(() => String, { nullable: true, description: 'Free-text notes of the visit (走访情况); null if none.' })
  notes: string | null;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: VisitEntity): Visit {
    return Object.assign(new Visit(), {
      id: e.id,
      helperId: e.helperId,
      householdId: e.householdId,
      regionCode: e.regionCode,
      visitedOn: e.visitedOn,
      delivered: e.delivered,
      notes: e.notes,
      createdAt: e.createdAt,
    });
  }
}

@ObjectType({ description: connectionDescription('visits (走访记录)') })
export class VisitConnection extends ConnectionType(Visit) {}

@ObjectType('VillageAssignment', { description: 'A term of a first secretary (第一书记) or resident work team member (驻村工作队) in a village.' })
export class VillageAssignment {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field({ description: 'The village.' })
  regionCode: string;

  @Field({ description: 'Full name of the person sent.' })
  personName: string;

  @Field(() => ID, { description: 'Id of the assisting unit that sends the person.' })
  unitId: string;

  @Field(() => VillageRole, { description: 'First secretary, work team leader or work team member.' })
  role: VillageRole;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day of the term (YYYY-MM-DD).' })
  startOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day of the term; null while it lasts.' })
  endOn: string | null;

  @Field(() => Int, { description: 'Optimistic-lock version: send it back with an update; a stale one answers CONFLICT (VERSION_MISMATCH).' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: VillageAssignmentEntity): VillageAssignment {
    return Object.assign(new VillageAssignment(), {
      id: e.id,
      regionCode: e.regionCode,
      personName: e.personName,
      unitId: e.unitId,
      role: e.role,
      startOn: e.startOn,
      endOn: e.endOn,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

@ObjectType('VillageTeam', { description: "A village's first secretary and resident work team on a date." })
export class VillageTeam {
  @Field({ description: 'The village (12-digit division code).' })
  regionCode: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date the team is shown for (YYYY-MM-DD).' })
  asOf: string;

  @Field(() => VillageAssignment, { nullable: true, description: 'The first secretary (第一书记) serving that day; null if none.' })
  firstSecretary: VillageAssignment | null;

  @Field(() => VillageAssignment, { nullable: true, description: 'The work team leader (驻村工作队长) serving that day; null if none.' })
  workTeamLeader: VillageAssignment | null;

  @Field(() => [VillageAssignment], { description: 'The work team members (驻村工作队员) serving that day; empty if none.' })
  workTeamMembers: VillageAssignment[];
}

/**
 * villageTeam(asOf:)'s allow-list (the rule and the check: src/households/as-of.ts). The terms
 * are the history: a term active on the date, with its dates, person and unit; its version and
 * last update, and the unit's, are today's and refused.
 */
const UNIT_AS_OF: AllowList = { __typename: ANY, id: ANY, name: ANY, kind: ANY, regionCode: ANY, createdAt: ANY };
const TERM_AS_OF: AllowList = {
  __typename: ANY,
  id: ANY,
  regionCode: ANY,
  personName: ANY,
  unitId: ANY,
  role: ANY,
  startOn: ANY,
  endOn: ANY,
  createdAt: ANY,
  unit: UNIT_AS_OF,
};
export const VILLAGE_TEAM_AS_OF: AllowList = {
  __typename: ANY,
  regionCode: ANY,
  asOf: ANY,
  firstSecretary: TERM_AS_OF,
  workTeamLeader: TERM_AS_OF,
  workTeamMembers: TERM_AS_OF,
};

@ObjectType('HelperVisitSummary', { description: "A helper's visits in a period, within a region." })
export class HelperVisitSummary {
  @Field(() => Helper, { description: 'The helper the counts are about.' })
  helper: Helper;

  @Field(() => Int, { description: 'Visits logged in the period.' })
  visits: number;

  @Field(() => Int, { description: 'Distinct households visited in the period.' })
  householdsVisited: number;

  @Field(() => Int, { description: 'Distinct households paired with the helper at some time in the period.' })
  pairedHouseholds: number;

  @Field(() => Int, { description: 'Households paired with the helper in the period and never visited by them in it.' })
  pairedNotVisited: number;

  @Field(() => [ID], { description: 'Households paired with the helper in the period and never visited by them in it.' })
  pairedNotVisitedHouseholdIds: string[];
}

@ObjectType({ description: connectionDescription('per-helper visit summaries') })
export class HelperVisitSummaryConnection extends ConnectionType(HelperVisitSummary) {}

// Payloads: one per mutation family.

@ObjectType({ description: 'An assisting unit after it was created.' })
export class AssistingUnitPayload {
  @Field(() => AssistingUnit, { description: 'The unit as stored.' })
  assistingUnit: AssistingUnit;
}

@ObjectType({ description: 'A helper after it was created or changed.' })
export class HelperPayload {
  @Field(() => Helper, { description: 'The helper as stored (phone masked).' })
  helper: Helper;
}

@ObjectType({ description: 'A pairing after it was created or ended.' })
export class PairingPayload {
  @Field(() => Pairing, { description: 'The pairing as stored.' })
  pairing: Pairing;
}

@ObjectType({ description: 'A logged visit.' })
export class VisitPayload {
  @Field(() => Visit, { description: 'The visit as stored.' })
  visit: Visit;
}

@ObjectType({ description: 'A village assignment after it was created or ended.' })
export class VillageAssignmentPayload {
  @Field(() => VillageAssignment, { description: 'The assignment as stored.' })
  assignment: VillageAssignment;
}
