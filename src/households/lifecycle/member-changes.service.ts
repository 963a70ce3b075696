import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../../common/access/principal';
import { AppError } from '../../common/errors/app-error';
import { SECRETS, Secrets } from '../../config/secrets';
import { AuditService } from '../../audit/audit.service';
import { HouseholdEventEntity, HouseholdEventKind } from '../household-event.entity';
import { HouseholdEntity, HouseholdValidity } from '../household.entity';
import { HouseholdsService } from '../households.service';
import { MembersRepository } from '../members.repository';
import { MembersService } from '../members.service';
import { ProtectedFieldsService } from '../protected-fields.service';
import { JoinReason, LeaveReason, MemberEntity } from '../member.entity';
import { checkHouseholdMembers } from '../registry-validation';
import { MemberInput } from '../dto/household.inputs';
import { Relation } from '../registry-codes';
import { JOIN_REASONS, LEAVE_REASONS } from './dto/lifecycle.inputs';
import { LifecycleErrors, LifecycleReason } from './lifecycle.errors';
import { LifecycleRepository } from './lifecycle.repository';
import { effectiveDate } from './local-date';
import { versionConflict } from '../../common/concurrency/optimistic-update';
import { MEMBER_AUDIT } from '../households.audited';

export interface MemberJoins {
  householdId: string;
  member: MemberInput;
  joinedOn: string;
  reason: JoinReason;
  note?: string | null;
  evidence?: string | null;
}

export interface MemberLeaves {
  memberId: string;
  version: number;
  leftOn: string;
  reason: LeaveReason;
  newHeadMemberId?: string | null;
  note?: string | null;
  evidence?: string | null;
}

export interface MoveMember {
  memberId: string;
  version: number;
  toHouseholdId: string;
  movedOn: string;
  relation: Relation;
  reason: string;
  newHeadMemberId?: string | null;
  evidence?: string | null;
}

const JOIN_LABEL: Partial<Record<JoinReason, string>> = { BIRTH: '出生', MARRIAGE: '婚入', OTHER: '其他原因入户', MOVED_IN: '迁入' };
const LEAVE_LABEL: Partial<Record<LeaveReason, string>> = { DEATH: '死亡', MARRIAGE: '婚出', MOVED: '迁出', OTHER: '其他原因离户' };
/** Problems of members already stored are not the caller's to fix here: reported on this path and dropped. */
const STORED = '(stored)';

/**
 * Member changes of registered households — joins (birth, marriage, other), leaves (death,
 * marriage, moved, other) and a move between households as one operation — each an event with
 * its date, reason and evidence, audited, in one transaction. Memberships are never deleted: a
 * leave ends the row (left_on), a move ends it and opens a new one in the target household, so
 * membership as of any date can be read back. One person stays in at most one active household
 * (the partial unique index on the ID number's blind index).
 */
@Injectable()
export class MemberChangesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
    private readonly households: HouseholdsService,
    private readonly registryMembers: MembersService,
    private readonly protectedFields: ProtectedFieldsService,
    private readonly members: MembersRepository,
    private readonly repo: LifecycleRepository,
    private readonly audit: AuditService,
  ) {}

  async join(principal: Principal, cmd: MemberJoins): Promise<{ member: MemberEntity; household: HouseholdEntity }> {
    if (!(JOIN_REASONS as readonly JoinReason[]).includes(cmd.reason)) throw LifecycleErrors.reasonNotAllowed('input.reason', [...JOIN_REASONS]);
    const joinedOn = effectiveDate(cmd.joinedOn, 'input.joinedOn');
    if (cmd.member.joinedOn != null && cmd.member.joinedOn !== joinedOn) {
      throw AppError.badInput([{ field: 'input.member.joinedOn', reason: LifecycleReason.JOINED_ON_MISMATCH, message: '入户日期请填写在 joinedOn (give the date once, in joinedOn)' }]);
    }
    const prepared = this.registryMembers.prepareMember({ ...cmd.member, joinedOn }, 'input.member');
    if ((prepared.row.birthDate as string) > joinedOn) {
      throw AppError.badInput([{ field: 'input.joinedOn', reason: LifecycleReason.JOINED_BEFORE_BIRTH, message: '入户日期不能早于出生日期 (joined before birth)' }]);
    }
    const fields = [{ hash: prepared.row.idNumberHash as string, field: 'input.member.idNumber' }];
    try {
      return await this.dataSource.transaction(async (m) => {
        const h = await this.households.getInScope(principal, cmd.householdId, m, { field: 'input.householdId', lock: true });
        if (h.validity === HouseholdValidity.REMOVED) throw LifecycleErrors.householdRemoved();
        const current = await this.registryMembers.membersOf([h.id], {}, m);
        // The household rules (one head, head and spouse not of the same sex) as far as the newcomer breaks them.
        const problems = checkHouseholdMembers(
          [
            ...current.map((c) => ({ relation: c.relation, sex: c.sex, idNumber: null, path: '' })),
            { relation: cmd.member.relation, sex: prepared.row.sex, idNumber: prepared.idNumber, path: 'input.member' },
          ],
          STORED,
        ).filter((p) => p.field !== STORED);
        if (problems.length) throw AppError.badInput(problems);
        const [member] = await this.registryMembers.insertMembers(m, principal, h, [{ ...prepared, row: { ...prepared.row, joinedOn, joinReason: cmd.reason } }]);
        let household = h;
        if (member.relation === 'HEAD') {
          await this.repo.updateHousehold(m, h.id, { headMemberId: member.id });
          household = { ...h, headMemberId: member.id, version: h.version + 1 } as HouseholdEntity;
        }
        await this.repo.insertEvents(m, [
          {
            ...base(principal, h, joinedOn),
            kind: HouseholdEventKind.MEMBER_JOINED,
            memberId: member.id,
            step: cmd.reason,
            reason: cmd.note?.trim() || JOIN_LABEL[cmd.reason] || null,
            evidence: cmd.evidence ?? null,
          },
          ...(member.relation === 'HEAD' ? [headChanged(principal, h, joinedOn, { ...member, relation: null }, `${member.name} 入户为户主`)] : []),
        ]);
        await this.audit.change(m, MEMBER_AUDIT, 'members.join', null, this.protectedFields.memberAuditView(member, prepared.idNumber), { reason: cmd.note ?? null });
        return { member, household };
      });
    } catch (e) {
      throw await this.registryMembers.mapUniqueViolation(principal, e, fields);
    }
  }

  leave(principal: Principal, cmd: MemberLeaves): Promise<{ member: MemberEntity; household: HouseholdEntity }> {
    if (!(LEAVE_REASONS as readonly LeaveReason[]).includes(cmd.reason)) throw LifecycleErrors.reasonNotAllowed('input.reason', [...LEAVE_REASONS]);
    const leftOn = effectiveDate(cmd.leftOn, 'input.leftOn');
    return this.dataSource.transaction(async (m) => {
      const { member, household: h } = await this.lockMembership(m, principal, cmd.memberId, cmd.version);
      if (leftOn < member.joinedOn) throw LifecycleErrors.dateBeforeJoin('input.leftOn');
      const events: Partial<HouseholdEventEntity>[] = [];
      const headChange = await this.handOverHead(m, h, member, cmd.newHeadMemberId);
      await this.members.endMembership(m, member.id, leftOn, cmd.reason, cmd.reason === LeaveReason.DEATH ? leftOn : undefined);
      events.push({
        ...base(principal, h, leftOn),
        kind: HouseholdEventKind.MEMBER_LEFT,
        memberId: member.id,
        step: cmd.reason,
        reason: [cmd.note?.trim() || LEAVE_LABEL[cmd.reason], headChange ? `户主变更为 ${headChange.name}` : null].filter(Boolean).join('；'),
        evidence: cmd.evidence ?? null,
      });
      if (headChange) events.push(headChanged(principal, h, leftOn, headChange, `户主 ${member.name} 离户，户主变更为 ${headChange.name}`));
      await this.repo.insertEvents(m, events);
      const after = (await this.registryMembers.findByIds([member.id], m))[0];
      await this.audit.change(m, MEMBER_AUDIT, 'members.leave', member, after, {
        extra: headChange ? { headMemberId: { from: member.id, to: headChange.id } } : undefined,
        reason: cmd.note ?? null,
      });
      const household = headChange ? ({ ...h, headMemberId: headChange.id, version: h.version + 1 } as HouseholdEntity) : h;
      return { member: after, household };
    });
  }

  move(principal: Principal, cmd: MoveMember): Promise<{ member: MemberEntity; former: MemberEntity; from: HouseholdEntity; to: HouseholdEntity }> {
    const movedOn = effectiveDate(cmd.movedOn, 'input.movedOn');
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.registryMembers.findInScope(principal, [cmd.memberId], m);
      if (!found) throw LifecycleErrors.memberNotFound('input.memberId');
      if (found.householdId === cmd.toHouseholdId) throw LifecycleErrors.sameHousehold();
      // Both households locked, in id order, so two moves in opposite directions cannot deadlock.
      const locked = new Map<string, HouseholdEntity>();
      for (const id of [found.householdId, cmd.toHouseholdId].sort()) {
        const field = id === cmd.toHouseholdId ? 'input.toHouseholdId' : 'input.memberId';
        locked.set(id, await this.households.getInScope(principal, id, m, { field, lock: true }));
      }
      const target = locked.get(cmd.toHouseholdId)!;
      const { member, household: source } = await this.lockMembership(m, principal, cmd.memberId, cmd.version, locked.get(found.householdId));
      if (target.validity === HouseholdValidity.REMOVED) throw LifecycleErrors.householdRemoved();
      if (movedOn < member.joinedOn) throw LifecycleErrors.dateBeforeJoin('input.movedOn');
      const targetMembers = await this.registryMembers.membersOf([target.id], {}, m);
      const problems = checkHouseholdMembers(
        [...targetMembers.map((c) => ({ relation: c.relation, sex: c.sex, idNumber: null, path: '' })), { relation: cmd.relation, sex: member.sex, idNumber: null, path: 'input' }],
        STORED,
      ).filter((p) => p.field !== STORED);
      if (problems.length) throw AppError.badInput(problems);

      const headChange = await this.handOverHead(m, source, member, cmd.newHeadMemberId);
      await this.members.endMembership(m, member.id, movedOn, LeaveReason.MOVED);
      const idNumber = this.secrets.cipher.decrypt(member.idNumberEnc);
      const { id: _id, householdId: _h, regionCode: _r, version: _v, createdAt: _c, updatedAt: _u, ...person } = member;
      const [moved] = await this.registryMembers.insertMembers(m, principal, target, [
        {
          row: { ...person, relation: cmd.relation, active: true, joinedOn: movedOn, joinReason: JoinReason.MOVED_IN, leftOn: null, leaveReason: null },
          idNumber,
          path: 'input',
        },
      ]);
      let to = target;
      if (moved.relation === 'HEAD') {
        await this.repo.updateHousehold(m, target.id, { headMemberId: moved.id });
        to = { ...target, headMemberId: moved.id, version: target.version + 1 } as HouseholdEntity;
      }
      const reason = cmd.reason.trim();
      await this.repo.insertEvents(m, [
        {
          ...base(principal, source, movedOn),
          kind: HouseholdEventKind.MEMBER_LEFT,
          memberId: member.id,
          step: LeaveReason.MOVED,
          reason: [`迁往户 ${target.householdNumber}：${reason}`, headChange ? `户主变更为 ${headChange.name}` : null].filter(Boolean).join('；'),
          evidence: cmd.evidence ?? null,
        },
        {
          ...base(principal, target, movedOn),
          kind: HouseholdEventKind.MEMBER_JOINED,
          memberId: moved.id,
          step: JoinReason.MOVED_IN,
          reason: `自户 ${source.householdNumber} 迁入：${reason}`,
          evidence: cmd.evidence ?? null,
        },
        ...(headChange ? [headChanged(principal, source, movedOn, headChange, `户主 ${member.name} 迁出，户主变更为 ${headChange.name}`)] : []),
        ...(moved.relation === 'HEAD' ? [headChanged(principal, target, movedOn, { ...moved, relation: null }, `${moved.name} 迁入为户主`)] : []),
      ]);
      const former = (await this.registryMembers.findByIds([member.id], m))[0];
      await this.audit.fact(
        m,
        MEMBER_AUDIT,
        'members.move',
        moved,
        {
          householdId: { from: source.id, to: target.id },
          formerMemberId: member.id,
          movedOn,
          relation: { from: member.relation, to: moved.relation },
          ...(headChange ? { formerHouseholdHead: { from: member.id, to: headChange.id } } : {}),
        },
        { reason },
      );
      const from = headChange ? ({ ...source, headMemberId: headChange.id, version: source.version + 1 } as HouseholdEntity) : source;
      return { member: moved, former, from, to };
    });
  }

  /**
   * The member in scope, current, at the version read, with its household locked (household
   * first, then the member: the order every procedure locks in).
   */
  private async lockMembership(
    m: EntityManager,
    principal: Principal,
    memberId: string,
    version: number,
    lockedHousehold?: HouseholdEntity,
  ): Promise<{ member: MemberEntity; household: HouseholdEntity }> {
    const [found] = await this.registryMembers.findInScope(principal, [memberId], m);
    if (!found) throw LifecycleErrors.memberNotFound('input.memberId');
    const household = lockedHousehold ?? (await this.households.getInScope(principal, found.householdId, m, { field: 'input.memberId', lock: true }));
    const member = await this.registryMembers.getInScope(principal, memberId, m, { field: 'input.memberId', lock: true });
    if (member.version !== version) {
      throw versionConflict({ expectedVersion: version, currentVersion: member.version });
    }
    if (household.validity === HouseholdValidity.REMOVED) throw LifecycleErrors.householdRemoved();
    if (!member.active) throw LifecycleErrors.memberNotCurrent();
    return { member, household };
  }

  /**
   * A head who leaves hands over to another current member, named by the caller: a household is
   * never left without a head. Returns the new head, or null when the member was not the head.
   */
  private async handOverHead(m: EntityManager, h: HouseholdEntity, leaving: MemberEntity, newHeadId?: string | null): Promise<MemberEntity | null> {
    const isHead = h.headMemberId === leaving.id || leaving.relation === 'HEAD';
    if (!isHead) {
      if (newHeadId) throw LifecycleErrors.newHeadInvalid();
      return null;
    }
    if (!newHeadId) throw LifecycleErrors.headRequired();
    const current = await this.registryMembers.membersOf([h.id], {}, m);
    const next = current.find((c) => c.id === newHeadId && c.id !== leaving.id);
    if (!next) throw LifecycleErrors.newHeadInvalid();
    await this.repo.makeHead(m, h.id, next.id);
    return next;
  }
}

function base(principal: Principal, h: HouseholdEntity, on: string): Partial<HouseholdEventEntity> {
  return { householdId: h.id, regionCode: h.regionCode, effectiveOn: on, actorId: principal.id, actorName: principal.name };
}

/** `head` heads the household from `on`; `step` keeps the relation they had before (null for a newcomer). */
function headChanged(principal: Principal, h: HouseholdEntity, on: string, head: { id: string; relation: string | null }, reason: string): Partial<HouseholdEventEntity> {
  return { ...base(principal, h, on), kind: HouseholdEventKind.HEAD_CHANGED, memberId: head.id, step: head.relation === 'HEAD' ? null : head.relation, reason };
}
