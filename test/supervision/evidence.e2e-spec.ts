import { createHash } from 'node:crypto';
import { Role } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { countQueries } from '../support/query-counter';
import { dataOf, errorOf } from '../support/gql-answers';
import { binary } from '../support/roster-import';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { insertFinding } from './supervision-fixtures';

type Json = Record<string, any>;

/** A small limit, so that "too large" needs only a few kilobytes. */
const MAX_BYTES = 4096;

// Tiny real files: a 1×1 PNG, a 1×1 JPEG, a one-page PDF; a ZIP (refused) and plain text (undetectable).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), Buffer.from('整改材料.txt')]);
const TEXT = Buffer.from('整改情况说明：已补齐档案。');

const EVIDENCE = 'id fileName mediaType size sha256 note uploadedBy uploadedAt';
const GET = `query($id: ID!) { supervisionFinding(id: $id) { id evidenceFiles { ${EVIDENCE} } } }`;
const PAGE = `query($r: String) { supervisionFindings(regionCode: $r, first: 50) { edges { node { id evidenceFiles { id fileName } } } } }`;
const REMOVE = `mutation($i: RemoveRectificationEvidenceInput!) { removeRectificationEvidence(input: $i) { finding { id evidenceFiles { id } } } }`;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('evidence files of a finding’s rectification (整改佐证材料, issue #20)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let siblingTown: SignedIn;
  let rectifying: string;
  let assigned: string;
  let registered: string;

  beforeAll(async () => {
    t = await startTestApp({ EVIDENCE_MAX_BYTES: String(MAX_BYTES) });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    siblingTown = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    rectifying = await insertFinding(t, R.village, { stage: 'RECTIFYING', description: '佐证材料测试（整改中）' });
    assigned = await insertFinding(t, R.village, { stage: 'ASSIGNED', description: '佐证材料测试（已交办）' });
    registered = await insertFinding(t, R.village, { stage: 'REGISTERED', description: '佐证材料测试（已登记）' });
  });
  afterAll(() => t?.close());

  const upload = (who: SignedIn, findingId: string, file: Buffer, name: string, note?: string) => {
    const req = t.http.post(`/supervision/findings/${findingId}/evidence`).set(who.headers).attach('file', file, name);
    return note === undefined ? req : req.field('note', note);
  };
  const download = (who: SignedIn, id: string) => t.http.get(`/supervision/evidence/${id}`).set(who.headers).buffer(true).parse(binary as never);
  const ext = (res: { body: Json }) => res.body.errors?.[0]?.extensions;
  const written = async (): Promise<Json> =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM supervision_evidence_files) AS files,
                (SELECT count(*)::int FROM audit_log WHERE entity_type = 'SupervisionEvidenceFile') AS audits`,
      )
    )[0];

  it('uploads JPEG, PNG and PDF told by their bytes, audited without the bytes; the download equals the upload, audited as a read', async () => {
    const files: [Buffer, string, string][] = [
      [JPEG, '现场照片.jpg', 'image/jpeg'],
      [PNG, 'dir/补档截图.png', 'image/png'],
      // The name says .txt: the bytes decide.
      [PDF, '验收报告.txt', 'application/pdf'],
    ];
    const stored: Json[] = [];
    for (const [bytes, name, mediaType] of files) {
      const res = await upload(village, rectifying, bytes, name, '村级整改佐证');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ mediaType, size: bytes.length, sha256: sha(bytes), note: '村级整改佐证', uploadedBy: village.username, fileName: name.replace(/^dir\//, '') });
      stored.push(res.body);
    }
    // The town (the responsible side above the village) uploads to an ASSIGNED finding too.
    expect((await upload(town, assigned, PNG, 'town.png')).status).toBe(201);

    const [audit] = await t.dataSource.query(`SELECT operation, region_code, changes FROM audit_log WHERE entity_type = 'SupervisionEvidenceFile' AND entity_id = $1`, [stored[0].id]);
    expect(audit).toMatchObject({ operation: 'supervision.uploadEvidence', region_code: R.village });
    expect(audit.changes.sha256).toEqual({ from: null, to: sha(JPEG) });
    expect(audit.changes).not.toHaveProperty('content');
    const [row] = await t.dataSource.query(`SELECT content FROM supervision_evidence_files WHERE id = $1`, [stored[2].id]);
    expect(Buffer.compare(row.content, PDF)).toBe(0);

    for (const [i, [bytes, , mediaType]] of files.entries()) {
      const res = await download(town, stored[i].id);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(mediaType);
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(stored[i].fileName)}`);
      expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
    }
    const reads = await t.dataSource.query(`SELECT actor_id FROM audit_log WHERE entity_type = 'SupervisionEvidenceFile' AND operation = 'supervision.downloadEvidence' AND entity_id = $1`, [stored[0].id]);
    expect(reads).toHaveLength(1);
  });

  it('lists the files on the finding, for a whole page in one statement', async () => {
    const one = dataOf(await t.gql(GET, { id: rectifying }, district.headers)).supervisionFinding;
    expect(one.evidenceFiles.map((f: Json) => [f.fileName, f.mediaType])).toEqual([
      ['现场照片.jpg', 'image/jpeg'],
      ['补档截图.png', 'image/png'],
      ['验收报告.txt', 'application/pdf'],
    ]);
    expect(one.evidenceFiles[0]).toMatchObject({ size: JPEG.length, sha256: sha(JPEG), uploadedBy: village.username, note: '村级整改佐证' });

    const { result, statements } = await countQueries(() => t.gql(PAGE, { r: R.village }, town.headers));
    const nodes = dataOf(result).supervisionFindings.edges.map((e: Json) => e.node);
    expect(nodes.find((n: Json) => n.id === assigned).evidenceFiles.map((f: Json) => f.fileName)).toEqual(['town.png']);
    expect(nodes.find((n: Json) => n.id === registered).evidenceFiles).toEqual([]);
    expect(statements.filter((s) => s.includes('supervision_evidence_files'))).toHaveLength(1);
  });

  it('refuses a file over EVIDENCE_MAX_BYTES (413), a refused or undetectable type (415), no file or an empty one (400): nothing written', async () => {
    const before = await written();
    const large = await upload(village, rectifying, Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]), 'large.png');
    expect(large.status).toBe(413);
    expect(ext(large)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EVIDENCE_TOO_LARGE', field: 'file', details: { maxBytes: MAX_BYTES } });
    // Far over the limit: refused from the declared length, before the body is read.
    const huge = await upload(village, rectifying, Buffer.concat([PNG, Buffer.alloc(MAX_BYTES * 40)]), 'huge.png');
    expect(huge.status).toBe(413);
    expect(ext(huge)).toMatchObject({ reason: 'EVIDENCE_TOO_LARGE' });

    const zip = await upload(village, rectifying, ZIP, 'photo.jpg');
    expect(zip.status).toBe(415);
    expect(ext(zip)).toMatchObject({ reason: 'EVIDENCE_TYPE_REFUSED', field: 'file', details: { detected: 'zip', accepted: ['jpeg', 'png', 'pdf'] } });
    const text = await upload(village, rectifying, TEXT, 'note.pdf');
    expect(text.status).toBe(415);
    expect(ext(text)).toMatchObject({ reason: 'EVIDENCE_TYPE_REFUSED', details: { detected: null } });

    const none = await t.http.post(`/supervision/findings/${rectifying}/evidence`).set(village.headers).field('note', '无文件');
    expect(none.status).toBe(400);
    expect(ext(none)).toMatchObject({ reason: 'EVIDENCE_FILE_REQUIRED', field: 'file' });
    const empty = await upload(village, rectifying, Buffer.alloc(0), 'empty.png');
    expect(empty.status).toBe(400);
    expect(ext(empty)).toMatchObject({ reason: 'EVIDENCE_EMPTY' });
    const longNote = await upload(village, rectifying, PNG, 'a.png', '说'.repeat(501));
    expect(longNote.status).toBe(400);
    expect(ext(longNote)).toMatchObject({ field: 'note' });
    const justOver = await upload(village, rectifying, Buffer.concat([PNG, Buffer.alloc(MAX_BYTES + 1 - PNG.length)]), 'over.png');
    expect([justOver.status, ext(justOver)?.reason]).toEqual([413, 'EVIDENCE_TOO_LARGE']);
    expect(await written()).toEqual(before);

    // The limit itself is allowed: a file of exactly EVIDENCE_MAX_BYTES is stored (on a finding of its own).
    const own = await insertFinding(t, R.village, { stage: 'RECTIFYING', description: '佐证材料测试（恰好上限）' });
    const exact = await upload(village, own, Buffer.concat([PNG, Buffer.alloc(MAX_BYTES - PNG.length)]), 'exact.png');
    expect([exact.status, exact.body.size]).toEqual([201, MAX_BYTES]);
  });

  it('keeps to the responsible side, the scope and the open ledger: another town as missing, a wrong stage, the supervising side', async () => {
    const before = await written();
    const far = await upload(siblingTown, rectifying, PNG, 'a.png');
    expect(far.status).toBe(404);
    expect(ext(far)).toMatchObject({ reason: 'FINDING_NOT_FOUND', field: 'id' });
    const stage = await upload(village, registered, PNG, 'a.png');
    expect(stage.status).toBe(409);
    expect(ext(stage)).toMatchObject({ reason: 'RECTIFICATION_NOT_OPEN' });
    const supervising = await upload(district, rectifying, PNG, 'a.png');
    expect(supervising.status).toBe(403);
    const unknown = await upload(village, '00000000-0000-4000-8000-000000000000', PNG, 'a.png');
    expect(unknown.status).toBe(404);
    expect(await written()).toEqual(before);

    const [file] = dataOf(await t.gql(GET, { id: rectifying }, village.headers)).supervisionFinding.evidenceFiles;
    const hidden = await download(siblingTown, file.id);
    expect(hidden.status).toBe(404);
    expect(JSON.parse((hidden.body as Buffer).toString('utf8')).errors[0].extensions).toMatchObject({ reason: 'EVIDENCE_NOT_FOUND' });
    expect((await download(village, 'not-a-uuid')).status).toBe(404);
  });

  it('removes a wrongly uploaded file with the reason, by the responsible side while the ledger is open, audited', async () => {
    const files = dataOf(await t.gql(GET, { id: rectifying }, village.headers)).supervisionFinding.evidenceFiles as Json[];
    const victim = files[1];
    expect(errorOf(await t.gql(REMOVE, { i: { id: victim.id, reason: '误传' } }, district.headers))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await t.gql(REMOVE, { i: { id: victim.id, reason: '误传' } }, siblingTown.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'EVIDENCE_NOT_FOUND', field: 'input.id' });
    expect(errorOf(await t.gql(REMOVE, { i: { id: victim.id, reason: '  ' } }, village.headers))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED' });

    const after = dataOf(await t.gql(REMOVE, { i: { id: victim.id, reason: '误传了其他村的截图' } }, village.headers)).removeRectificationEvidence.finding;
    expect(after.evidenceFiles.map((f: Json) => f.id)).toEqual(files.filter((f) => f.id !== victim.id).map((f) => f.id));
    const [audit] = await t.dataSource.query(`SELECT reason, changes FROM audit_log WHERE entity_type = 'SupervisionEvidenceFile' AND operation = 'supervision.removeEvidence' AND entity_id = $1`, [victim.id]);
    expect(audit.reason).toBe('误传了其他村的截图');
    expect(audit.changes.sha256).toEqual({ from: victim.sha256, to: null });
    expect((await download(village, victim.id)).status).toBe(404);

    // Once acceptance is requested the ledger is closed: no removal.
    const kept = files[0];
    await t.dataSource.query(`UPDATE supervision_findings SET stage = 'ACCEPTANCE_REQUESTED' WHERE id = $1`, [rectifying]);
    expect(errorOf(await t.gql(REMOVE, { i: { id: kept.id, reason: '误传' } }, village.headers))).toMatchObject({ code: 'CONFLICT', reason: 'RECTIFICATION_NOT_OPEN' });
    expect((await download(district, kept.id)).status).toBe(200);
  });

  describe('access matrix (region × role): in the subtree reached, outside answered as a missing id', () => {
    const missingId = '00000000-0000-4000-8000-00000000e71d';
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.AUDITOR];
    const RECTIFYING = [Role.TOWN_OFFICER, Role.VILLAGE_OFFICER];
    const openFinding = (region: string) => insertFinding(t, region, { stage: 'RECTIFYING' });
    /** An evidence file of an open finding of the region, written directly. */
    const evidenceOf = async (region: string): Promise<string> => {
      const findingId = await openFinding(region);
      const [r] = await t.dataSource.query(
        `INSERT INTO supervision_evidence_files (finding_id, region_code, file_name, media_type, size_bytes, sha256, content, uploaded_by_id, uploaded_by_name)
         VALUES ($1, $2, 'm.png', 'image/png', $3, $4, $5, 'matrix', 'matrix') RETURNING id`,
        [findingId, region, PNG.length, sha(PNG), PNG],
      );
      return r.id as string;
    };
    /** An HTTP answer as the matrix compares it (a download's bytes as a mark, an error as its JSON). */
    const asResult = (res: { status: number; body: unknown; headers: Record<string, string> }): GqlResult => {
      const body = Buffer.isBuffer(res.body) ? (res.status === 200 ? { data: { downloaded: true } } : JSON.parse(res.body.toString('utf8'))) : res.body;
      return { status: res.status, body: body as GqlResult['body'], headers: res.headers };
    };
    const ops: [MatrixOperation, Role[]][] = [
      [
        { name: 'POST /supervision/findings/:id/evidence', missingId, target: openFinding, run: async (c, id) => asResult(await upload(c, id, PNG, 'm.png')), reached: (res) => res.status === 201 },
        RECTIFYING,
      ],
      [{ name: 'GET /supervision/evidence/:id', missingId, target: evidenceOf, run: async (c, id) => asResult(await download(c, id)), reached: (res) => res.status === 200 }, READERS],
      [
        {
          name: 'Mutation.removeRectificationEvidence', missingId, target: evidenceOf,
          run: (c, id) => t.gql(REMOVE, { i: { id, reason: '矩阵' } }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.removeRectificationEvidence?.finding?.id,
        },
        RECTIFYING,
      ],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
