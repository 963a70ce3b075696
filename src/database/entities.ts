import { JobEntity } from '../common/jobs/job.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { ApiKeyEntity } from '../identity/api-key.entity';
import { AuthSessionEntity } from '../identity/auth-session.entity';
import { LoginThrottleEntity } from '../identity/login-throttle.entity';
import { RefreshTokenEntity } from '../identity/refresh-token.entity';
import { RoleGrantEntity } from '../identity/role-grant.entity';
import { UserEntity } from '../identity/user.entity';
import { RegionEntity } from '../regions/region.entity';
import { AssistingUnitEntity, HelperEntity, PairingEntity, VillageAssignmentEntity, VisitEntity } from '../assistance/assistance.entities';
import { HouseholdEventEntity } from '../households/household-event.entity';
import { HouseholdIncomeEntity } from '../households/household-income.entity';
import { HouseholdEntity } from '../households/household.entity';
import { MemberInsuranceEntity } from '../households/member-insurance.entity';
import { MemberEntity } from '../households/member.entity';
import { PovertyLineEntity } from '../households/poverty-line.entity';
import { ProposalEntity } from '../households/proposal.entity';
import { ChangeFeedEntryEntity } from '../exchange/feed/change-feed-entry.entity';
import { ImportDigestEntity } from '../exchange/imports/import-digest.entity';
import { ImportJobEntity } from '../exchange/imports/import-job.entity';
import { ImportProblemEntity } from '../exchange/imports/import-problem.entity';
import { WebhookDeliveryEntity, WebhookSubscriptionEntity } from '../exchange/webhooks/webhook.entities';

/**
 * Every TypeORM entity of the service. The data source, the migration CLI and the
 * entities-vs-migrations test all read this one list; a module adds its entities here.
 */
export const ENTITIES = [
  RegionEntity,
  UserEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  LoginThrottleEntity,
  ApiKeyEntity,
  RoleGrantEntity,
  AuditEntryEntity,
  PovertyLineEntity,
  HouseholdEntity,
  MemberEntity,
  MemberInsuranceEntity,
  HouseholdIncomeEntity,
  HouseholdEventEntity,
  ProposalEntity,
  AssistingUnitEntity,
  HelperEntity,
  PairingEntity,
  VisitEntity,
  VillageAssignmentEntity,
  ImportJobEntity,
  ImportProblemEntity,
  ImportDigestEntity,
  ChangeFeedEntryEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  JobEntity,
];
