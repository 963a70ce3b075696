import { NoticeKind } from './disclosure.enums';
import { atomFeed } from './atom-feed';
import { xmlText } from './markup';
import type { NoticeEntity } from './notice.entity';
import type { NoticeVersionEntity } from './notice-version.entity';

describe('Atom feed of public notices', () => {
  it('escapes markup and drops characters XML does not allow', () => {
    expect(xmlText(`<script>alert("x")</script> & 'y'\u0001`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;y&apos;');
  });

  it('has one entry per notice with its newest version, its hash and a link to the JSON', () => {
    const notice = { id: 'n1', kind: NoticeKind.FUND_ALLOCATION } as NoticeEntity;
    const version = {
      id: '00000000-0000-4000-8000-000000000002', number: 2, publishedAt: new Date('2026-12-03T01:00:00Z'), payloadHash: 'ab'.repeat(32),
      renderedText: '【资金分配结果】<b>分配</b>', payload: { content: { title: '<b>分配</b>' } },
    } as unknown as NoticeVersionEntity;
    const xml = atomFeed('https://example.org', '410106100000', [{ notice, version }]);
    expect(xml).toContain('<id>urn:uuid:00000000-0000-4000-8000-000000000002</id>');
    expect(xml).toContain('<title>【资金分配结果】&lt;b&gt;分配&lt;/b&gt;（第 2 版，更正）</title>');
    expect(xml).toContain('href="https://example.org/public/notices/n1"');
    expect(xml).toContain(`SHA-256: ${'ab'.repeat(32)}`);
    expect(xml).toContain('<updated>2026-12-03T01:00:00.000Z</updated>');
    expect(xml).not.toContain('<b>');
  });
});
