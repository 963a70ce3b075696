import { defineAudited } from '../audit/audit-descriptor';
import { EvidenceFileEntity, FindingEntity, ProgressNoteEntity, SupervisionLetterEntity } from './finding.entity';
import { auditMaskOf } from '../common/protection/protected-field';
import { HotlineCaseEntity } from './hotline.entity';
import { HOTLINE_PROTECTED_FIELDS } from './hotline-protected';
import { InspectionEntity } from './inspection.entity';
import { InspectionVisitResultEntity } from './inspection-visit.entity';
import { AccountabilityCaseEntity } from './accountability.entity';
import { FaultToleranceRequestEntity } from './fault-tolerance.entity';
import { AppraisalEntryEntity, AppraisalFollowUpEntity, AppraisalRoundEntity, WorkTeamAttendanceEntity } from './appraisal.entity';

/** How a finding is recorded in the audit trail (registration as a change, steps and the job's marking as facts). */
export const FINDING_AUDIT = defineAudited<FindingEntity>({
  entityType: 'SupervisionFinding',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});

/** A progress note of the ledger, recorded as created. */
export const PROGRESS_NOTE_AUDIT = defineAudited<ProgressNoteEntity>({
  entityType: 'SupervisionProgressNote',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});

/**
 * An evidence file of the rectification (整改佐证材料): the upload as a creation and the removal as a
 * deletion (with its reason), both without the bytes (the SHA-256 names them); a download as a fact.
 */
export const EVIDENCE_FILE_AUDIT = defineAudited({
  entityType: 'SupervisionEvidenceFile',
  actions: ['supervision.uploadEvidence', 'supervision.removeEvidence', 'supervision.downloadEvidence'],
  id: (x: EvidenceFileEntity) => x.id,
  region: (x: EvidenceFileEntity) => x.regionCode,
  omit: ['content'],
});

/** A supervision letter (督办函), issued by the daily job: recorded as created, the actor the system. */
export const LETTER_AUDIT = defineAudited<SupervisionLetterEntity>({
  entityType: 'SupervisionLetter',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});

/** A hotline case (热线件): receipt as a change, steps as facts. */
export const HOTLINE_CASE_AUDIT = defineAudited<AuditedHotlineCase>({
  entityType: 'SupervisionHotlineCase',
  id: (x) => x.id,
  region: (x) => x.regionCode,
  // The reporter's name and contact in clear, recorded masked by the declared fields' masks; the ciphertext and the blind index left out.
  mask: auditMaskOf([...HOTLINE_PROTECTED_FIELDS], 'SupervisionHotlineCase'),
  omit: ['reporterNameEnc', 'reporterContactEnc', 'reporterContactHash'],
});

/** A hotline case as audited: the stored row plus the reporter's name and contact in clear, which the mask hides. */
export type AuditedHotlineCase = HotlineCaseEntity & { reporterName?: string | null; reporterContact?: string | null };

/** An inspection (督查检查): creation and the report as changes, the sample's draw as a fact with its seed. */
export const INSPECTION_AUDIT = defineAudited<InspectionEntity>({
  entityType: 'SupervisionInspection',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});

/** An accountability case (问责案件): opening and publication as changes, each action as a fact. */
export const ACCOUNTABILITY_AUDIT = defineAudited<AccountabilityCaseEntity>({
  entityType: 'SupervisionAccountabilityCase',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});

/** A fault-tolerance request (容错申请): the request as a change, each step as a fact. */
export const FAULT_TOLERANCE_AUDIT = defineAudited<FaultToleranceRequestEntity>({
  entityType: 'SupervisionFaultToleranceRequest',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});

/** A visit result of an inspection's sample (走访结果): the record as a change, a finding raised from it as a fact. */
export const INSPECTION_VISIT_AUDIT = defineAudited<InspectionVisitResultEntity>({
  entityType: 'SupervisionInspectionVisit',
  id: (x) => x.id,
  region: (x) => x.villageCode,
});

/** An appraisal round (考核轮次): recorded as created. */
export const APPRAISAL_ROUND_AUDIT = defineAudited<AppraisalRoundEntity>({
  entityType: 'SupervisionAppraisalRound',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});

/** An appraisal entry (考核结果): entering and scoring as changes, each step as a fact. */
export const APPRAISAL_ENTRY_AUDIT = defineAudited<AppraisalEntryEntity>({
  entityType: 'SupervisionAppraisalEntry',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});

/** A follow-up of an approved grade (约谈, 限期整改): created with the approval, recorded done as a change. */
export const APPRAISAL_FOLLOW_UP_AUDIT = defineAudited<AppraisalFollowUpEntity>({
  entityType: 'SupervisionAppraisalFollowUp',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});

/** A day in the village of a work team member (驻村考勤), recorded as created. */
export const WORK_TEAM_ATTENDANCE_AUDIT = defineAudited<WorkTeamAttendanceEntity>({
  entityType: 'SupervisionWorkTeamAttendance',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});
