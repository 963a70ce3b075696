/**
 * The Atom feed (RFC 4287) of published notices: one entry per notice, its newest version (a
 * correction is a new entry id, so readers see it as new). Text only, escaped: a notice's text is
 * never markup here.
 */
import { NOTICE_KIND_LABELS } from './disclosure.enums';
import { xmlText } from './markup';
import type { NoticeEntity } from './notice.entity';
import type { NoticeVersionEntity } from './notice-version.entity';


export interface FeedEntry {
  notice: NoticeEntity;
  version: NoticeVersionEntity;
}

/**
 * The feed document. `base` is the service's public address (scheme and host), `regionCode` the
 * subtree the feed covers ('' for all).
 */
export function atomFeed(base: string, regionCode: string, entries: readonly FeedEntry[], now = new Date()): string {
  const self = `${base}/public/notices/feed.atom${regionCode ? `?region=${regionCode}` : ''}`;
  const updated = entries.reduce((max, e) => (e.version.publishedAt && e.version.publishedAt > max ? e.version.publishedAt : max), entries.length ? new Date(0) : now);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>urn:jzfp:public-notices:${xmlText(regionCode || 'all')}</id>`,
    `  <title>${xmlText(`公告公示${regionCode ? ` ${regionCode}` : ''}`)}</title>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(self)}"/>`,
    '  <author><name>精准扶贫平台</name></author>',
  ];
  for (const { notice, version } of entries) {
    const content = (version.payload?.content ?? {}) as { title?: string };
    const title = `【${NOTICE_KIND_LABELS[notice.kind]}】${content.title ?? ''}${version.number > 1 ? `（第 ${version.number} 版，更正）` : ''}`;
    lines.push(
      '  <entry>',
      `    <id>urn:uuid:${version.id}</id>`,
      `    <title>${xmlText(title)}</title>`,
      `    <updated>${(version.publishedAt ?? now).toISOString()}</updated>`,
      `    <link rel="alternate" type="application/json" href="${xmlText(`${base}/public/notices/${notice.id}`)}"/>`,
      `    <category term="${notice.kind}" label="${xmlText(NOTICE_KIND_LABELS[notice.kind])}"/>`,
      `    <content type="text">${xmlText(`${version.renderedText ?? ''}\nSHA-256: ${version.payloadHash ?? ''}`)}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
