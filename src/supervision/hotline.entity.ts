import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { RegionEntity } from '../regions/region.entity';
import { FindingEntity } from './finding.entity';

/** How a hotline case came in (受理渠道). */
export enum HotlineChannel {
  HOTLINE_12317 = 'HOTLINE_12317',
  LOCAL_LINE = 'LOCAL_LINE',
  LETTER = 'LETTER',
  VISIT = 'VISIT',
  ONLINE = 'ONLINE',
}

/** What a case is about (RULES.md §9 note of supervision.hotline_case_types: 资金; 项目; 识别退出; 政策; 作风). */
export enum HotlineArea {
  FUNDS = 'FUNDS',
  PROJECTS = 'PROJECTS',
  IDENTIFICATION_EXIT = 'IDENTIFICATION_EXIT',
  POLICY = 'POLICY',
  WORK_STYLE = 'WORK_STYLE',
}

/** Where a hotline case stands: the procedure is HOTLINE_PROCEDURE (hotline-procedure.ts). */
export enum HotlineStage {
  RECEIVED = 'RECEIVED',
  TRANSFERRED = 'TRANSFERRED',
  REPLIED = 'REPLIED',
  VISITED = 'VISITED',
  CLOSED = 'CLOSED',
}

/**
 * 12317 热线 (and the local lines, letters, visits, online) case: received, transferred to a
 * handling unit with a deadline by its type (days or working days, as its parameter states), replied, visited back; an
 * unsatisfied return visit sends it back to handling (redo). A substantiated case may become a
 * finding of part 1 (finding_id).
 */
@Entity({ name: 'supervision_hotline_cases' })
@Index('supervision_hotline_cases_received_idx', ['receivedOn', 'id'])
@Index('supervision_hotline_cases_platform_number_key', ['platformNumber'], { unique: true, where: '"platform_number" IS NOT NULL' })
export class HotlineCaseEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 工单编号: the case's number on the 12317 platform (or the line it came from) when imported; one case a number. Null: received here. */
  @Column({ name: 'platform_number', type: 'varchar', length: 40, nullable: true })
  platformNumber: string | null;

  /** The place the case concerns: a village, a town or the district (what region scope reads). */
  @Index('supervision_hotline_cases_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: HotlineChannel, enumName: 'supervision_hotline_channel' })
  channel: HotlineChannel;

  /** 匿名: no reporter's identity recorded. */
  @Column({ type: 'boolean' })
  anonymous: boolean;

  /** 举报人姓名, encrypted (HOTLINE_REPORTER_NAME); null for an anonymous case. */
  @Column({ name: 'reporter_name_enc', type: 'text', nullable: true })
  reporterNameEnc: string | null;

  /** 举报人联系方式, encrypted (HOTLINE_REPORTER_CONTACT); null when none given. */
  @Column({ name: 'reporter_contact_enc', type: 'text', nullable: true })
  reporterContactEnc: string | null;

  /** The contact's blind index (HOTLINE_REPORTER_CONTACT): a reporter's cases found without decrypting. */
  @Index('supervision_hotline_cases_reporter_contact_hash_idx')
  @Column({ name: 'reporter_contact_hash', type: 'varchar', length: 64, nullable: true })
  reporterContactHash: string | null;

  /** A code of supervision.hotline_case_types in force on the received date. */
  @Index('supervision_hotline_cases_case_type_idx')
  @Column({ name: 'case_type', type: 'varchar', length: 40 })
  caseType: string;

  @Column({ type: 'enum', enum: HotlineArea, enumName: 'supervision_hotline_area' })
  area: HotlineArea;

  @Column({ type: 'text' })
  summary: string;

  @Index('supervision_hotline_cases_received_on_idx')
  @Column({ name: 'received_on', type: 'date' })
  receivedOn: string;

  @Index('supervision_hotline_cases_stage_idx')
  @Column({ type: 'enum', enum: HotlineStage, enumName: 'supervision_hotline_stage', default: HotlineStage.RECEIVED })
  stage: HotlineStage;

  /** The date of the last step (a step is never dated before it). */
  @Column({ name: 'last_step_on', type: 'date' })
  lastStepOn: string;

  /** 承办单位 */
  @Column({ name: 'handling_unit', type: 'varchar', length: 100, nullable: true })
  handlingUnit: string | null;

  /** 转办日期: the date of the (last) transfer; a redo transfers again. */
  @Column({ name: 'transferred_on', type: 'date', nullable: true })
  transferredOn: string | null;

  /** The parameter key the deadline was counted from (supervision.hotline_deadline.*). */
  @Column({ name: 'deadline_key', type: 'varchar', length: 100, nullable: true })
  deadlineKey: string | null;

  /** 办结时限: the type's parameter after the transfer, in its unit (days, or working days by the calendar); null while not transferred or not configured. */
  @Index('supervision_hotline_cases_deadline_idx')
  @Column({ type: 'date', nullable: true })
  deadline: string | null;

  /** Why there is no deadline though transferred: the parameter or the calendar year not configured. */
  @Column({ name: 'deadline_not_configured', type: 'varchar', length: 200, nullable: true })
  deadlineNotConfigured: string | null;

  /** 回复日期 (the last reply). */
  @Column({ name: 'replied_on', type: 'date', nullable: true })
  repliedOn: string | null;

  @Column({ name: 'reply_content', type: 'text', nullable: true })
  replyContent: string | null;

  /** 是否属实 (of the last reply). */
  @Column({ type: 'boolean', nullable: true })
  substantiated: boolean | null;

  /** 回访日期 */
  @Column({ name: 'visited_on', type: 'date', nullable: true })
  visitedOn: string | null;

  /** 是否满意 (of the last return visit). */
  @Column({ type: 'boolean', nullable: true })
  satisfied: boolean | null;

  /** How many times an unsatisfied return visit sent the case back to handling (重办). */
  @Column({ name: 'redo_count', type: 'int', default: 0 })
  redoCount: number;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;

  /** The finding registered from this case (registerFindingFromCase). */
  @Index('supervision_hotline_cases_finding_id_key', { unique: true })
  @ForeignKey(() => FindingEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'finding_id', type: 'uuid', nullable: true })
  findingId: string | null;
}
