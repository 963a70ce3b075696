import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { RegionEntity } from '../regions/region.entity';
import { AccountabilityCaseEntity } from './accountability.entity';

/** Where a fault-tolerance request stands (supervision.fault_tolerance_decisions note: 申请→核实→认定→反馈). */
export enum FaultToleranceStage {
  REQUESTED = 'REQUESTED',
  VERIFIED = 'VERIFIED',
  DECIDED = 'DECIDED',
  FED_BACK = 'FED_BACK',
}

/** The three distinctions (三个区分开来, supervision.fault_tolerance, 2018 中办 意见) a request invokes. */
export enum FaultToleranceDistinction {
  /** 因缺乏经验、先行先试出现的失误错误 vs 明知故犯的违纪违法行为 */
  INEXPERIENCE_VS_KNOWING = 'INEXPERIENCE_VS_KNOWING',
  /** 尚无明确限制的探索性试验中的失误错误 vs 明令禁止后依然我行我素的违纪违法行为 */
  EXPLORATION_VS_DEFIANCE = 'EXPLORATION_VS_DEFIANCE',
  /** 为推动发展的无意过失 vs 为谋取私利的违纪违法行为 */
  UNINTENDED_VS_SELF_INTEREST = 'UNINTENDED_VS_SELF_INTEREST',
}

/** The factors the verification weighs (supervision.fault_tolerance: 动机态度, 客观条件, 程序方法, 性质程度, 后果影响, 挽回损失). */
export enum FaultToleranceFactor {
  MOTIVE = 'MOTIVE',
  CONDITIONS = 'CONDITIONS',
  PROCEDURE = 'PROCEDURE',
  GRAVITY = 'GRAVITY',
  CONSEQUENCES = 'CONSEQUENCES',
  RECOVERY = 'RECOVERY',
}

/**
 * 容错申请: a request that a person or unit of an accountability case be excused or treated more
 * lightly (§27), through request → verification (核实, the factors weighed) → decision (认定, a
 * code of supervision.fault_tolerance_decisions) → feedback (反馈).
 */
@Entity({ name: 'supervision_fault_tolerance_requests' })
export class FaultToleranceRequestEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('supervision_fault_tolerance_requests_case_id_idx')
  @ForeignKey(() => AccountabilityCaseEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  /** The case's place. */
  @Index('supervision_fault_tolerance_requests_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** Who asks: a person's name or a unit of the case. */
  @Column({ type: 'varchar', length: 100 })
  applicant: string;

  @Column({ type: 'text' })
  grounds: string;

  @Column({ type: 'enum', enum: FaultToleranceDistinction, enumName: 'supervision_fault_tolerance_distinction', array: true })
  distinctions: FaultToleranceDistinction[];

  @Column({ name: 'requested_on', type: 'date' })
  requestedOn: string;

  @Index('supervision_fault_tolerance_requests_stage_idx')
  @Column({ type: 'enum', enum: FaultToleranceStage, enumName: 'supervision_fault_tolerance_stage', default: FaultToleranceStage.REQUESTED })
  stage: FaultToleranceStage;

  @Column({ name: 'last_step_on', type: 'date' })
  lastStepOn: string;

  /** 核实情况 */
  @Column({ type: 'text', nullable: true })
  verification: string | null;

  /** The verification's assessment per factor (FaultToleranceFactor → text). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  factors: Partial<Record<FaultToleranceFactor, string>>;

  @Column({ name: 'verified_on', type: 'date', nullable: true })
  verifiedOn: string | null;

  /** A code of supervision.fault_tolerance_decisions in force on the decided date. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  decision: string | null;

  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn: string | null;

  /** 反馈: what was told to the applicant. */
  @Column({ type: 'text', nullable: true })
  feedback: string | null;

  @Column({ name: 'fed_back_on', type: 'date', nullable: true })
  fedBackOn: string | null;
}
