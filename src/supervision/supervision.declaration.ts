import { Role } from '../common/access/permissions';
import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { ParameterType } from '../parameters/parameter-types';
import { INSPECTION_METRICS } from './inspection-metrics';
import { InspectionVisitResultEntity } from './inspection-visit.entity';
import { HotlineCaseEntity } from './hotline.entity';
import { HOTLINE_PROTECTED_FIELDS } from './hotline-protected';
import { InspectionEntity, InspectionSampleEntity } from './inspection.entity';
import { AccountabilityActionEntity, AccountabilityCaseEntity } from './accountability.entity';
import { FaultToleranceRequestEntity } from './fault-tolerance.entity';
import { AppraisalEntryEntity, AppraisalFollowUpEntity, AppraisalRoundEntity, WorkTeamAttendanceEntity } from './appraisal.entity';
import { EvidenceFileEntity, FindingEntity, FindingEventEntity, ProgressNoteEntity, SupervisionLetterEntity } from './finding.entity';

/**
 * Who reads findings: the officers of every level (the responsible towns and villages see their
 * own), sector departments, supervisors and auditors.
 */
export const SUPERVISION_READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.AUDITOR];

/**
 * The split of the work (issue #20): the supervising side registers, assigns, accepts, closes and
 * refers (district officers, supervisors, and of the sector departments only discipline inspection
 * 纪检监察: a sector officer of another sector is refused by the service, SUPERVISION_SECTOR_REQUIRED);
 * the responsible side, the town and village officers of the finding's place, keeps the
 * rectification ledger and requests acceptance. Nobody holds both by role, and a person who
 * requested the acceptance may not decide it (ACCEPTANCE_BY_RESPONSIBLE_SIDE).
 */
export const SUPERVISION_PERMISSIONS = definePermissions({
  'supervision.read': {
    description: 'Read supervision findings (督查问题), appraisal rounds and the entries of the targets in your region with their ranking (考核), the work teams’ monthly attendance (驻村考勤), their steps, rectification ledgers, supervision letters (督办函), the overdue list and the rectification rates, inspections (督查检查) without their sampled households, the metrics from the inspection samples (identification accuracy, missed-registration and wrong-exit rates) with the visits behind them once an inspection has ended, and accountability cases (问责案件).',
    roles: SUPERVISION_READERS,
  },
  'supervision.write': {
    description:
      'Register findings and take the supervising steps: assign (交办), accept or fail the rectification (验收), strike off (销号), refer to discipline inspection (移交纪检); create inspections (督查检查), draw their samples, read their visit sheets, record and correct the visits of the sampled households (走访结果) and raise findings from them, record their reports; open accountability cases (问责), record their actions, publish them (通报), record and decide fault-tolerance requests (容错). A sector officer only of discipline inspection.',
    roles: [Role.DISTRICT_OFFICER, Role.SUPERVISOR, Role.SECTOR_OFFICER],
  },
  'supervision.rectify': {
    description: "Keep the rectification ledger (整改台账) of the findings of the caller's town or village: measures, progress notes, result, evidence; start the rectification and request acceptance.",
    roles: [Role.TOWN_OFFICER, Role.VILLAGE_OFFICER],
  },
  'supervision.hotline': {
    description:
      'Handle hotline cases (12317 热线件) of your region and below: receive (受理), transfer to the handling unit (转办), record the reply (回复), the return visit (回访) and close (办结). The case handlers: district officers and supervisors.',
    roles: [Role.DISTRICT_OFFICER, Role.SUPERVISOR],
  },
  'supervision.appraise': {
    description:
      'The appraisal body (考核): create appraisal rounds of your region, add their targets (towns, departments, work teams, first secretaries, helpers), enter the sub-scores and grades, submit, return and approve the entries (not one you submitted), record the follow-ups of the grades (约谈, 限期整改) as done. District officers and supervisors.',
    roles: [Role.DISTRICT_OFFICER, Role.SUPERVISOR],
  },
  'supervision.attendance': {
    description: "Record the days a first secretary or work team member (驻村工作队) was in the village (驻村考勤), for the villages of the caller's region.",
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER],
  },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof SUPERVISION_PERMISSIONS> {}
}

/** Supervision (督查, issue #20, part 1): findings through rectification to closure, overdue by the daily job. */
export const SUPERVISION: ModuleDeclaration = {
  name: 'supervision',
  entities: [FindingEntity, FindingEventEntity, ProgressNoteEntity, SupervisionLetterEntity, EvidenceFileEntity, HotlineCaseEntity, InspectionEntity, InspectionSampleEntity, InspectionVisitResultEntity, AccountabilityCaseEntity, AccountabilityActionEntity, FaultToleranceRequestEntity, AppraisalRoundEntity, AppraisalEntryEntity, AppraisalFollowUpEntity, WorkTeamAttendanceEntity],
  permissions: SUPERVISION_PERMISSIONS,
  protectedFields: [...HOTLINE_PROTECTED_FIELDS],
  settings: {
    EVIDENCE_MAX_BYTES: 'largest evidence file of a rectification (整改佐证材料) accepted by POST /supervision/findings/{id}/evidence; beyond it 413 EVIDENCE_TOO_LARGE',
    EVIDENCE_TYPES: 'accepted types of evidence files, told by their bytes (comma-separated of jpeg, png, pdf, gif, webp, tiff, bmp); another or none 415 EVIDENCE_TYPE_REFUSED',
  },
  parameters: [
    {
      key: INSPECTION_METRICS.identificationAccuracy.key,
      type: ParameterType.RATIO,
      unit: 'ratio',
      description:
        'The identification accuracy (识别准确率) from inspection samples must be at least this (inspectionMetrics: households registered rightly ÷ households verified on the visits). Not in RULES.md: NOT_CONFIGURED until the district enters it; until then the metric is given without a verdict.',
    },
    {
      key: INSPECTION_METRICS.missedRegistrationRate.key,
      type: ParameterType.RATIO,
      unit: 'ratio',
      description:
        'The missed-registration rate (漏评率) from inspection samples must be at most this (inspectionMetrics: poor households found not registered ÷ (households verified + those found)). Not in RULES.md: NOT_CONFIGURED until the district enters it; until then no verdict.',
    },
    {
      key: INSPECTION_METRICS.wrongExitRate.key,
      type: ParameterType.RATIO,
      unit: 'ratio',
      description:
        'The wrong-exit rate (错退率) from inspection samples must be at most this (inspectionMetrics: wrong exits ÷ exited households whose exit was checked). Not in RULES.md: NOT_CONFIGURED until the district enters it; until then no verdict.',
    },
  ],
  feedRoots: {
    SupervisionFinding:
      '督查问题: a supervision finding with its steps (events), rectification progress notes (progress), supervision letter (letter) and evidence files (evidence: uploaded, removed). Read it with `supervisionFinding`.',
    SupervisionHotlineCase: '热线件: a hotline case (12317 and local lines) with its steps. Read it with `hotlineCase`.',
    SupervisionInspection:
      '督查检查: an inspection (its own record: creation, the sample drawn, the report) with the visit results of its sample (visits); the entries carry the inspection’s scope as their region. Read it with `inspection` and, for the inspecting side, `inspectionVisitSheet`.',
    SupervisionAccountabilityCase:
      '问责案件: an accountability case (case: opened, published) with its actions (actions) and the fault-tolerance requests of its persons and units (fault_tolerance: requested and each step); an entry carries the case’s place as region. Read it with `accountabilityCase` (its `faultToleranceRequests` included).',
    SupervisionAppraisalRound:
      '考核轮次: an appraisal round (round) with its entries (entries: targets, scores, grades, steps) and the follow-ups of the grades (follow_ups); an entry carries its target’s place as region. Read it with `appraisalRound` and `appraisalEntries`.',
  },
};
