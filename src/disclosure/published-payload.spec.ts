import { createHash } from 'node:crypto';
import { NoticeChannel, NoticeKind, PeriodUnit } from './disclosure.enums';
import { allowedContent, buildPayload, contentProblems, payloadHash, personalDataIn, personalDataPaths, renderText } from './published-payload';

const FACTS = {
  noticeId: '00000000-0000-4000-8000-000000000001',
  version: 1,
  kind: NoticeKind.REGISTRY_EXIT,
  regionCode: '410106100201',
  subjectType: 'ExitProposal',
  subjectId: 'p-1',
  channels: [NoticeChannel.VILLAGE_BOARD],
  period: { startsOn: '2026-12-03', endsOn: '2026-12-12', length: 10, unit: PeriodUnit.DAYS },
  publishedAt: '2026-12-03T01:00:00.000Z',
  replaces: null,
};

describe('published payload', () => {
  it('recognises ID-, phone- and card-like strings, and not division codes, amounts or dates', () => {
    for (const s of ['41010619800101123X', '身份证 410106198001011235 号', '410106800101123', '13812345678', '电话 138 1234 5678', '0371-66668888', '6222021234567890123', '6222 0212 3456 7890']) {
      expect([s, personalDataIn(s)]).toEqual([s, expect.any(String)]);
    }
    for (const s of ['410106100201', '1200000.00', '2026-12-03', '上街区峡窝镇', '2026-12-03T01:00:00.000Z', FACTS.noticeId]) {
      expect([s, personalDataIn(s)]).toEqual([s, null]);
    }
  });

  it('does not read a UUID whose groups are digits as a card number, and still finds one beside it', () => {
    const id = '5f3c9a7e-1234-4567-8901-2345678abcde';
    expect(personalDataIn(id)).toBeNull();
    expect(personalDataIn(`{"id":"${id}","note":"x"}`)).toBeNull();
    expect(personalDataIn(`${id} 6222 0212 3456 7890`)).toBe('card or account number');
  });

  it('skips hashes in a scanned answer: a SHA-256 may hold 18 digits in a row by chance', () => {
    expect(personalDataPaths({ payloadHash: '0a410106198001011235aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', text: '410106198001011235' })).toEqual([{ path: '$.text', what: 'ID number' }]);
  });

  it('masks household heads (张*三), keeps only allow-listed fields and hashes the canonical JSON', () => {
    const content = { title: '2026年退出公示', responsibleUnit: '北峡窝村委会', households: [{ headName: '张小三', regionCode: '410106100201', size: 3 }], amount: '100.00' };
    // A kind that does not publish amounts: refused when written, dropped from the payload.
    expect(contentProblems(NoticeKind.REGISTRY_EXIT, content, false)).toEqual([expect.objectContaining({ field: 'input.content.amount', reason: 'NOTICE_FIELD_NOT_ALLOWED' })]);
    const payload = buildPayload(FACTS, allowedContent(NoticeKind.REGISTRY_EXIT, content));
    expect(payload.content).toEqual({ title: '2026年退出公示', responsibleUnit: '北峡窝村委会', households: [{ headName: '张*三', regionCode: '410106100201', size: 3 }] });
    expect(personalDataPaths({ ...payload, text: renderText(payload) })).toEqual([]);
    // Key order does not matter: the hash is of the RFC 8785 form (keys sorted, no blanks).
    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    expect(payloadHash(reordered)).toBe(payloadHash(payload));
    expect(payloadHash({ b: 1, a: '张' })).toBe(createHash('sha256').update('{"a":"张","b":1}').digest('hex'));
  });

  it('names the required fields a kind needs to publish, and personal data in text', () => {
    const problems = contentProblems(NoticeKind.FUND_ALLOCATION, { title: '资金分配', summary: '联系电话 13812345678' }, true);
    expect(problems.map((p) => [p.field, p.reason])).toEqual(
      expect.arrayContaining([
        ['input.content.responsibleUnit', 'NOTICE_FIELD_REQUIRED'],
        ['input.content.issuedOn', 'NOTICE_FIELD_REQUIRED'],
        ['input.content.amount', 'NOTICE_FIELD_REQUIRED'],
        ['input.content.allocations', 'NOTICE_FIELD_REQUIRED'],
        ['input.content.summary', 'NOTICE_PERSONAL_DATA'],
      ]),
    );
  });
});
