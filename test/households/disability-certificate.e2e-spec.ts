import { randomUUID } from 'node:crypto';
import { FeedPerAggregate1795922000000 } from '../../migrations/1795922000000-FeedPerAggregate';
import { FeedColumns1795912000000 } from '../../migrations/1795912000000-FeedColumns';
import { ProtectDisabilityCertificate1795912100000 } from '../../migrations/1795912100000-ProtectDisabilityCertificate';
import { InsuranceAndIncomesKeyedWithTheirRoot1796432000000 } from '../../migrations/1796432000000-InsuranceAndIncomesKeyedWithTheirRoot';
import { Role } from '../../src/common/access/permissions';
import { permissionsOf } from '../../src/app.permissions';
import type { Principal } from '../../src/common/access/principal';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { withMigrationContext } from '../../src/database/migration-context';
import { ProtectedFieldsService } from '../../src/households/protected-fields.service';
import { DISABILITY_CERTIFICATE } from '../../src/households/protected-fields';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { createHousehold, CreatedHousehold, householdInput, member } from './registry-fixtures';

type Errors = { message: string; extensions?: Record<string, unknown> }[] | undefined;
const ext = (errors: Errors) => errors?.[0]?.extensions;

const REVEAL = `mutation($id: String!, $r: String!) { revealPersonalData(input: { subject: MEMBER_DISABILITY_CERTIFICATE, id: $id, reason: $r }) { value } }`;
const MEMBERS = `query($id: ID!) { household(id: $id) { members { id relation { value } disabilityCertificate } } }`;
const UPDATE_MEMBER = `mutation($input: UpdateMemberInput!) { updateMember(input: $input) { member { version disabilityCertificate } } }`;

/** The national form: the ID number, then the category (4 肢体) and grade digits. */
const certificateOf = (idNumber: string, grade = 2) => `${idNumber}4${grade}`;
const masked = (certificate: string) => `${'*'.repeat(certificate.length - 4)}${certificate.slice(-4)}`;

describe('registry: the disability certificate number (残疾证号) is personal data (issue #10, item 5)', () => {
  let t: TestApp;
  let village: SignedIn;
  let otherVillage: SignedIn;
  let supervisor: SignedIn;
  let cipher: Secrets['cipher'];
  let h: CreatedHousehold;
  let headId: string;
  let certificate: string;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    cipher = t.get<Secrets>(SECRETS as never).cipher;
    await loadRegions(t);
    [village, otherVillage, supervisor] = await Promise.all([
      signIn(t, Role.VILLAGE_OFFICER, R.village),
      signIn(t, Role.VILLAGE_OFFICER, R.villageOfSiblingTown),
      signIn(t, Role.SUPERVISOR, R.district),
    ]);
    const head = member({ health: ['DISABLED'], disabilityType: 'PHYSICAL', disabilityGrade: 2 });
    certificate = certificateOf(head.idNumber as string);
    h = await createHousehold(t, village, householdInput(R.village, { members: [{ ...head, disabilityCertificate: certificate }, member({ name: '李秀英', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1972-08-09' })] }));
    headId = h.headMemberId;
  });
  afterAll(() => t?.close());

  const certificates = async (caller: SignedIn = village) => {
    const res = await t.gql<{ household: { members: { id: string; disabilityCertificate: string | null }[] } }>(MEMBERS, { id: h.id }, caller.headers);
    expect(res.body.errors).toBeUndefined();
    return new Map(res.body.data!.household.members.map((m) => [m.id, m.disabilityCertificate]));
  };
  const storedCertificate = async (memberId: string): Promise<string | null> => {
    const [row] = await t.dataSource.query(`SELECT disability_certificate_enc FROM members WHERE id = $1`, [memberId]);
    return row.disability_certificate_enc ? cipher.decrypt(row.disability_certificate_enc) : null;
  };

  it('is stored encrypted only and answered masked, the last 4 characters visible, to every reader', async () => {
    for (const caller of [village, supervisor]) {
      const answer = await certificates(caller);
      expect(answer.get(headId)).toBe(masked(certificate));
      expect([...answer.values()].filter((v) => v === null)).toHaveLength(1); // the spouse has none
    }
    const columns = await t.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'members' AND column_name LIKE 'disability_certificate%'`,
    );
    expect(columns).toEqual([{ column_name: 'disability_certificate_enc' }]);
    const [row] = await t.dataSource.query(`SELECT to_jsonb(m)::text AS row, disability_certificate_enc FROM members m WHERE id = $1`, [headId]);
    expect(row.row).not.toContain(certificate);
    expect(row.disability_certificate_enc).toMatch(/^v1:/);
    expect(await storedCertificate(headId)).toBe(certificate);
  });

  it('revealPersonalData(MEMBER_DISABILITY_CERTIFICATE): unmask and the member in scope, the reason audited', async () => {
    const reason = '残联核对残疾证';
    const ok = await t.gql(REVEAL, { id: headId, r: reason }, village.headers);
    expect(ok.body).toEqual({ data: { revealPersonalData: { value: certificate } } });
    const [audit] = await t.dataSource.query(
      `SELECT entity_type, entity_id, region_code, changes, reason FROM audit_log WHERE operation = 'personalData.unmask' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit).toEqual({ entity_type: 'Member', entity_id: headId, region_code: R.village, changes: { field: 'disabilityCertificate' }, reason });

    // No unmask permission: refused before anything is read.
    expect(ext((await t.gql(REVEAL, { id: headId, r: reason }, supervisor.headers)).body.errors)).toMatchObject({ code: 'FORBIDDEN' });
    // Another village's member answers exactly like a missing one.
    const outside = await t.gql(REVEAL, { id: headId, r: reason }, otherVillage.headers);
    const missing = await t.gql(REVEAL, { id: randomUUID(), r: reason }, otherVillage.headers);
    expect(ext(outside.body.errors)).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND' });
    expect(outside.body.errors).toEqual(missing.body.errors);
  });

  it("unmask alone is not enough: the member's read permission is needed too", async () => {
    const unmaskOnly: Principal = {
      kind: 'apiKey',
      id: randomUUID(),
      personId: randomUUID(),
      name: 'unmask-only',
      roles: [Role.INTEGRATION],
      permissions: new Set(['personalData.unmask']),
      regionCode: R.district,
      scopePrefix: '410106',
    };
    const err = await t.get(ProtectedFieldsService).reveal(DISABILITY_CERTIFICATE, unmaskOnly, headId, '核对残疾证号').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION', details: { permission: 'households.read' } });
    const reader: Principal = { ...unmaskOnly, permissions: new Set([...permissionsOf([Role.VILLAGE_OFFICER])]) };
    expect(await t.get(ProtectedFieldsService).reveal(DISABILITY_CERTIFICATE, reader, headId, '核对残疾证号')).toBe(certificate);
  });

  it('a correction answers masked, and the audit trail records it masked on both sides, never in clear', async () => {
    const corrected = certificateOf(certificate.slice(0, 18), 3);
    const res = await t.gql(UPDATE_MEMBER, { input: { id: headId, version: 1, disabilityGrade: 3, disabilityCertificate: corrected } }, village.headers);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toMatchObject({ updateMember: { member: { disabilityCertificate: masked(corrected) } } });
    expect(await storedCertificate(headId)).toBe(corrected);
    const rows: { operation: string; changes: Record<string, { from: unknown; to: unknown }> }[] = await t.dataSource.query(
      `SELECT operation, changes FROM audit_log WHERE entity_id = $1 AND operation IN ('members.create', 'members.update') ORDER BY seq`,
      [headId],
    );
    expect(rows.map((r) => r.operation)).toEqual(['members.create', 'members.update']);
    expect(rows[0].changes.disabilityCertificate).toEqual({ from: null, to: masked(certificate) });
    expect(rows[1].changes.disabilityCertificate).toEqual({ from: masked(certificate), to: masked(corrected) });
    const text = JSON.stringify(rows);
    expect(text).not.toContain(certificate);
    expect(text).not.toContain(corrected);
    certificate = corrected;

    // The same value again changes nothing of it; null clears it.
    const [{ version }] = await t.dataSource.query(`SELECT version FROM members WHERE id = $1`, [headId]);
    const [{ disability_certificate_enc: enc }] = await t.dataSource.query(`SELECT disability_certificate_enc FROM members WHERE id = $1`, [headId]);
    await t.gql(UPDATE_MEMBER, { input: { id: headId, version, disabilityCertificate: ` ${corrected} ` } }, village.headers);
    expect((await t.dataSource.query(`SELECT disability_certificate_enc FROM members WHERE id = $1`, [headId]))[0].disability_certificate_enc).toBe(enc);
  });

  it('migration ProtectDisabilityCertificate encrypts the clear values a database holds, and FeedColumns scrubs them from the feed', async () => {
    const clear = 'CJZ4101061234ABCD';
    const spouseId = h.members.find((m) => m.relation.value === 'SPOUSE')!.id;
    const context = { cipher: () => cipher };
    const qr = t.dataSource.createQueryRunner();
    await qr.connect();
    let feedHead: string;
    try {
      // Back to the state before: a clear column and the deny-list feed trigger.
      await withMigrationContext(context, async () => {
        await qr.startTransaction();
        // A later migration changed what FeedPerAggregate made (the income's region): undone first.
        await new InsuranceAndIncomesKeyedWithTheirRoot1796432000000().down(qr);
        await new FeedPerAggregate1795922000000().down(qr);
        await new ProtectDisabilityCertificate1795912100000().down(qr);
        await new FeedColumns1795912000000().down(qr);
        await qr.commitTransaction();
      });
      const [back] = await qr.query(`SELECT disability_certificate FROM members WHERE id = $1`, [headId]);
      expect(back.disability_certificate).toBe(certificate);
      // What an old service wrote: the certificate in clear, and in clear in the feed.
      await qr.query(`UPDATE members SET disability_certificate = $2 WHERE id = $1`, [spouseId, clear]);
      const leaked = await qr.query(`SELECT count(*)::int AS n FROM change_feed WHERE data->>'disability_certificate' = $1`, [clear]);
      expect(leaked[0].n).toBe(1);

      await withMigrationContext(context, async () => {
        await qr.startTransaction();
        await new FeedColumns1795912000000().up(qr);
        [{ head: feedHead }] = await qr.query(`SELECT max(position)::text AS head FROM change_feed`);
        await new ProtectDisabilityCertificate1795912100000().up(qr);
        await qr.commitTransaction();
      });

      const feed = await qr.query(`SELECT count(*)::int AS n FROM change_feed WHERE data::text LIKE $1 OR data::text LIKE $2 OR data ? 'disability_certificate'`, [
        `%${clear}%`,
        `%${certificate}%`,
      ]);
      expect(feed[0].n).toBe(0);
      // The conversion itself publishes nothing (the rows' public content did not change).
      expect((await qr.query(`SELECT max(position)::text AS head FROM change_feed`))[0].head).toBe(feedHead!);
      const columns = await qr.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'members' AND column_name LIKE 'disability_certificate%'`,
      );
      expect(columns).toEqual([{ column_name: 'disability_certificate_enc' }]);
      // And on to today's feed: entries per household, without any row image.
      await withMigrationContext(context, async () => {
        await qr.startTransaction();
        await new FeedPerAggregate1795922000000().up(qr);
        await new InsuranceAndIncomesKeyedWithTheirRoot1796432000000().up(qr);
        await qr.commitTransaction();
      });
      expect(await qr.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'change_feed' AND column_name = 'data'`)).toEqual([]);
      const perRoot = await qr.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM change_feed GROUP BY transaction_id, root_type, root_id HAVING count(*) > 1) d`);
      expect(perRoot[0].n).toBe(0);
    } finally {
      await qr.release();
    }
    expect(await storedCertificate(spouseId)).toBe(clear);
    expect(await storedCertificate(headId)).toBe(certificate);
    const answer = await certificates();
    expect(answer.get(spouseId)).toBe(masked(clear));
    expect(answer.get(headId)).toBe(masked(certificate));
  });

  it('the migration refuses to run without the field keys when there are values to convert', async () => {
    const qr = t.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const err = await new ProtectDisabilityCertificate1795912100000().down(qr).catch((e: unknown) => e);
      await qr.rollbackTransaction();
      expect((err as Error).message).toMatch(/needs the field keys.*FIELD_KEYS/);
    } finally {
      await qr.release();
    }
    expect(await storedCertificate(headId)).toBe(certificate);
  });
});
