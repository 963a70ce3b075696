import { todayInChina } from '../common/dates/local-date';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { auditChange, AuditChangeRecord } from '../audit/audit-descriptor';
import { AuditService } from '../audit/audit.service';
import { encryptField } from '../common/protection/protected-field';
import { RegionLevel } from '../common/region/region-code';
import { SECRETS, Secrets } from '../config/secrets';
import { Row, StagedWriter } from '../database/staged-writer';
import { ASSISTING_UNIT_AUDIT, HELPER_AUDIT, PAIRING_AUDIT, VILLAGE_ASSIGNMENT_AUDIT, VISIT_AUDIT } from './assistance.audited';
import { HELPER_PHONE } from './assistance.declaration';
import { AssistingUnitEntity, HelperEntity, PairingEntity, UnitKind, VillageAssignmentEntity, VillageRole, VisitDelivery, VisitEntity } from './assistance.entities';
import { AssistanceErrors } from './assistance.errors';
import { ROLE_LABEL } from './helpers.service';

export interface BatchUnit {
  name: string;
  kind: UnitKind;
  regionCode: string;
}

/** A helper to create: `id` chosen by the caller, so pairings of the same batch can name it. */
export interface BatchHelper {
  id: string;
  name: string;
  unitId: string;
  regionCode: string;
  position?: string | null;
  phone?: string | null;
}

export interface BatchPairing {
  helperId: string;
  householdId: string;
  startOn: string;
}

export interface BatchVisit {
  helperId: string;
  householdId: string;
  visitedOn: string;
  delivered: readonly VisitDelivery[];
  notes?: string | null;
}

export interface BatchAssignment {
  regionCode: string;
  personName: string;
  unitId: string;
  role: VillageRole;
  startOn: string;
}

/**
 * Many assistance records at once, in the caller's transaction, with the rules the one-at-a-time
 * services apply (helpers.service.ts, pairings.service.ts): regions that exist (a village for a
 * team), units that exist, households on the roll, no second or overlapping pairing of a helper
 * and a household, visits only while paired and not in the future, one first secretary and one
 * team leader per village at a time. One round of reads, one staged write per table, audit rows
 * as the services write them (assistance.createHelper, assistance.pairHelper, …). Any refusal
 * throws the service's coded error, naming the record (`helpers[3].unitId`), and writes nothing
 * of the batch. For bulk loads (the demo data); no region scope: the caller is the system.
 */
@Injectable()
export class AssistanceBatchWriter {
  private readonly writer = new StagedWriter();

  constructor(
    private readonly audit: AuditService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  /** Units by name: the existing one of that name, or a new one (audited as assistance.createAssistingUnit). Ids in the input's order. */
  async ensureUnits(m: EntityManager, units: readonly BatchUnit[]): Promise<string[]> {
    await this.requireRegions(m, units.map((u, i) => ({ code: u.regionCode, field: `units[${i}].regionCode` })));
    const existing: { id: string; name: string }[] = await m.query(`SELECT id, name FROM assisting_units WHERE name = ANY($1::varchar[])`, [units.map((u) => u.name.trim())]);
    const idOf = new Map(existing.map((r) => [r.name, r.id]));
    const created: AssistingUnitEntity[] = [];
    for (const u of units) {
      const name = u.name.trim();
      if (idOf.has(name)) continue;
      const unit = { id: randomUUID(), name, kind: u.kind, regionCode: u.regionCode } as AssistingUnitEntity;
      idOf.set(name, unit.id);
      created.push(unit);
    }
    await this.writer.write(m, { table: 'assisting_units', mode: 'INSERT', rows: created.map((u) => ({ id: u.id, name: u.name, kind: u.kind, region_code: u.regionCode })) });
    await this.audit.append(m, created.map((u) => auditChange(ASSISTING_UNIT_AUDIT, 'assistance.createAssistingUnit', null, u)));
    return units.map((u) => idOf.get(u.name.trim())!);
  }

  /** Helpers, their pairings and visits; the counts written. */
  async write(
    m: EntityManager,
    batch: { helpers: readonly BatchHelper[]; pairings: readonly BatchPairing[]; visits: readonly BatchVisit[] },
  ): Promise<{ helpers: number; pairings: number; visits: number }> {
    const today = todayInChina();
    const auditRows: AuditChangeRecord[] = [];

    // Helpers: a region that exists, a unit that exists; the phone encrypted as declared.
    await this.requireRegions(m, batch.helpers.map((h, i) => ({ code: h.regionCode, field: `helpers[${i}].regionCode` })));
    await this.requireUnits(m, batch.helpers.map((h, i) => ({ id: h.unitId, field: `helpers[${i}].unitId` })));
    const helperRows: Row[] = [];
    for (const h of batch.helpers) {
      const phone = h.phone || null;
      const enc = encryptField(this.secrets.cipher, HELPER_PHONE, phone, { keys: 'column' });
      helperRows.push({ id: h.id, name: h.name.trim(), unit_id: h.unitId, region_code: h.regionCode, position: h.position?.trim() || null, ...enc });
      const entity = { id: h.id, name: h.name.trim(), unitId: h.unitId, regionCode: h.regionCode, position: h.position?.trim() || null } as HelperEntity;
      auditRows.push(auditChange(HELPER_AUDIT, 'assistance.createHelper', null, { ...entity, phone }));
    }

    // Pairings: a household on the roll, a helper that exists (stored or of this batch), no open
    // or overlapping pairing of the two; the pairing lies in the household's region.
    const householdIds = [...new Set([...batch.pairings.map((p) => p.householdId), ...batch.visits.map((v) => v.householdId)])];
    const households: { id: string; region_code: string; validity: string }[] = householdIds.length
      ? await m.query(`SELECT id, region_code, validity FROM households WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [householdIds])
      : [];
    const householdOf = new Map(households.map((h) => [h.id, h]));
    const newHelpers = new Set(batch.helpers.map((h) => h.id));
    const storedHelperIds = [...new Set(batch.pairings.map((p) => p.helperId).filter((id) => !newHelpers.has(id)))];
    const storedHelpers: { id: string }[] = storedHelperIds.length ? await m.query(`SELECT id FROM helpers WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [storedHelperIds]) : [];
    const helperKnown = new Set([...newHelpers, ...storedHelpers.map((h) => h.id)]);
    const pairingsOf = await this.pairingsOf(m, storedHelperIds, householdIds);
    const pairingRows: Row[] = [];
    batch.pairings.forEach((p, i) => {
      const household = householdOf.get(p.householdId);
      if (!household) throw AssistanceErrors.householdNotFound(`pairings[${i}].householdId`);
      if (household.validity === 'REMOVED') throw AssistanceErrors.householdNotOnRoll().at(`pairings[${i}].householdId`);
      if (!helperKnown.has(p.helperId)) throw AssistanceErrors.helperNotFound(`pairings[${i}].helperId`);
      const key = `${p.helperId}/${p.householdId}`;
      const earlier = pairingsOf.get(key) ?? [];
      for (const e of earlier) {
        if (e.endOn === null) throw AssistanceErrors.alreadyPaired().at(`pairings[${i}]`);
        if (e.endOn >= p.startOn) throw AssistanceErrors.pairingOverlap(e.startOn, e.endOn).at(`pairings[${i}].startOn`);
      }
      const pairing = { id: randomUUID(), helperId: p.helperId, householdId: p.householdId, regionCode: household.region_code, startOn: p.startOn, endOn: null, endReason: null } as PairingEntity;
      pairingsOf.set(key, [...earlier, { startOn: p.startOn, endOn: null }]);
      pairingRows.push({ id: pairing.id, helper_id: pairing.helperId, household_id: pairing.householdId, region_code: pairing.regionCode, start_on: pairing.startOn });
      auditRows.push(auditChange(PAIRING_AUDIT, 'assistance.pairHelper', null, pairing));
    });

    // Visits: not in the future, by a helper paired with the household on that date.
    const visitRows: Row[] = [];
    batch.visits.forEach((v, i) => {
      if (v.visitedOn > today) throw AssistanceErrors.dateInFuture(`visits[${i}].visitedOn`);
      const household = householdOf.get(v.householdId);
      if (!household) throw AssistanceErrors.householdNotFound(`visits[${i}].householdId`);
      const paired = (pairingsOf.get(`${v.helperId}/${v.householdId}`) ?? []).some((p) => p.startOn <= v.visitedOn && (p.endOn === null || p.endOn >= v.visitedOn));
      if (!paired) throw AssistanceErrors.helperNotPaired(v.visitedOn).at(`visits[${i}].visitedOn`);
      const visit = { id: randomUUID(), helperId: v.helperId, householdId: v.householdId, regionCode: household.region_code, visitedOn: v.visitedOn, delivered: [...new Set(v.delivered)], notes: v.notes?.trim() || null } as VisitEntity;
      visitRows.push({ id: visit.id, helper_id: visit.helperId, household_id: visit.householdId, region_code: visit.regionCode, visited_on: visit.visitedOn, delivered: visit.delivered, notes: visit.notes });
      auditRows.push(auditChange(VISIT_AUDIT, 'assistance.logVisit', null, visit));
    });

    await this.writer.write(m, { table: 'helpers', mode: 'INSERT', rows: helperRows, columns: ['id', 'name', 'unit_id', 'region_code', 'position', 'phone_enc', 'phone_hash'] });
    await this.writer.write(m, { table: 'pairings', mode: 'INSERT', rows: pairingRows });
    await this.writer.write(m, { table: 'visits', mode: 'INSERT', rows: visitRows });
    await this.audit.append(m, auditRows);
    return { helpers: helperRows.length, pairings: pairingRows.length, visits: visitRows.length };
  }

  /** Village teams: villages that exist, units that exist, a first secretary and a team leader at a time per village. */
  async assignVillages(m: EntityManager, assignments: readonly BatchAssignment[]): Promise<number> {
    if (!assignments.length) return 0;
    const levels = await this.requireRegions(m, assignments.map((a, i) => ({ code: a.regionCode, field: `assignments[${i}].regionCode` })));
    assignments.forEach((a, i) => {
      if (levels.get(a.regionCode) !== RegionLevel.VILLAGE) throw AssistanceErrors.notAVillage(`assignments[${i}].regionCode`);
    });
    await this.requireUnits(m, assignments.map((a, i) => ({ id: a.unitId, field: `assignments[${i}].unitId` })));
    const regions = [...new Set(assignments.map((a) => a.regionCode))];
    const stored: { region_code: string; person_name: string; role: VillageRole; start_on: string; end_on: string | null }[] = await m.query(
      `SELECT region_code, person_name, role, start_on::text AS start_on, end_on::text AS end_on FROM village_assignments WHERE region_code = ANY($1::varchar[])`,
      [regions],
    );
    const terms = stored.map((s) => ({ regionCode: s.region_code, personName: s.person_name, role: s.role, startOn: s.start_on, endOn: s.end_on }));
    const rows: Row[] = [];
    const auditRows: AuditChangeRecord[] = [];
    for (const [i, a] of assignments.entries()) {
      const personName = a.personName.trim();
      // Open-ended terms (the batch's) overlap every term of the village not ended before they start.
      const overlapping = terms.filter((t) => t.regionCode === a.regionCode && t.role === a.role && (t.endOn === null || t.endOn >= a.startOn));
      if (a.role !== VillageRole.WORK_TEAM_MEMBER && overlapping.length) throw AssistanceErrors.roleFilled(ROLE_LABEL[a.role], overlapping[0].personName).at(`assignments[${i}].role`);
      if (overlapping.some((t) => t.personName === personName)) throw AssistanceErrors.alreadyOnTeam().at(`assignments[${i}].personName`);
      terms.push({ regionCode: a.regionCode, personName, role: a.role, startOn: a.startOn, endOn: null });
      const assignment = { id: randomUUID(), regionCode: a.regionCode, personName, unitId: a.unitId, role: a.role, startOn: a.startOn, endOn: null } as VillageAssignmentEntity;
      rows.push({ id: assignment.id, region_code: a.regionCode, person_name: personName, unit_id: a.unitId, role: a.role, start_on: a.startOn });
      auditRows.push(auditChange(VILLAGE_ASSIGNMENT_AUDIT, 'assistance.assignToVillage', null, assignment));
    }
    await this.writer.write(m, { table: 'village_assignments', mode: 'INSERT', rows });
    await this.audit.append(m, auditRows);
    return rows.length;
  }

  /** The regions' levels; throws REGION_NOT_FOUND naming the first record whose region does not exist. */
  private async requireRegions(m: EntityManager, refs: readonly { code: string; field: string }[]): Promise<Map<string, string>> {
    const codes = [...new Set(refs.map((r) => r.code))];
    const rows: { code: string; level: string }[] = codes.length ? await m.query(`SELECT code, level FROM regions WHERE code = ANY($1::varchar[])`, [codes]) : [];
    const levels = new Map(rows.map((r) => [r.code, r.level]));
    const missing = refs.find((r) => !levels.has(r.code));
    if (missing) throw AssistanceErrors.regionNotFound(missing.field);
    return levels;
  }

  private async requireUnits(m: EntityManager, refs: readonly { id: string; field: string }[]): Promise<void> {
    const ids = [...new Set(refs.map((r) => r.id))];
    const rows: { id: string }[] = ids.length ? await m.query(`SELECT id FROM assisting_units WHERE id = ANY($1::uuid[])`, [ids]) : [];
    const known = new Set(rows.map((r) => r.id));
    const missing = refs.find((r) => !known.has(r.id));
    if (missing) throw AssistanceErrors.unitNotFound(missing.field);
  }

  /** Stored pairings of the helpers with the households, by `helperId/householdId`. */
  private async pairingsOf(m: EntityManager, helperIds: readonly string[], householdIds: readonly string[]): Promise<Map<string, { startOn: string; endOn: string | null }[]>> {
    const out = new Map<string, { startOn: string; endOn: string | null }[]>();
    if (!helperIds.length || !householdIds.length) return out;
    const rows: { helper_id: string; household_id: string; start_on: string; end_on: string | null }[] = await m.query(
      `SELECT helper_id, household_id, start_on::text AS start_on, end_on::text AS end_on FROM pairings WHERE helper_id = ANY($1::uuid[]) AND household_id = ANY($2::uuid[])`,
      [helperIds, householdIds],
    );
    for (const r of rows) {
      const key = `${r.helper_id}/${r.household_id}`;
      out.set(key, [...(out.get(key) ?? []), { startOn: r.start_on, endOn: r.end_on }]);
    }
    return out;
  }
}
