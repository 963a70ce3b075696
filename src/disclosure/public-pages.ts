/**
 * The public web pages of disclosure, rendered by the service (plain, accessible HTML in Chinese,
 * usable on a phone; no script, no frontend build): the list of published notices by village
 * and kind, one notice with its versions, hashes, how to verify them, the answers to
 * objections, and a form to file an objection. Every text from the database is escaped.
 */
import { chinaDateTime } from '../common/dates/local-date';
import { NOTICE_KIND_LABELS, NoticeKind, NoticeState, ObjectionOutcome } from './disclosure.enums';
import { xmlText as h } from './markup';
import type { NoticeDetail } from './disclosure.service';
import type { NoticeEntity } from './notice.entity';
import type { NoticeVersionEntity } from './notice-version.entity';

/** No script anywhere; styles inline; forms post only here. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const STATE_LABELS: Record<NoticeState, string> = {
  DRAFT: '草稿',
  PUBLISHED: '公示中',
  PERIOD_ENDED: '公示期满，异议办理中',
  CLOSED: '已办结',
  WITHDRAWN: '已撤回',
};
const OUTCOME_LABELS: Record<ObjectionOutcome, string> = { UPHELD: '异议成立', PARTLY_UPHELD: '异议部分成立', NOT_UPHELD: '异议不成立' };

const STYLE = `
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1a1a1a;background:#fafafa;line-height:1.6}
main{max-width:48rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.15rem;margin-top:1.5rem;border-bottom:1px solid #ccc}
a{color:#0645ad}.meta{color:#555;font-size:.95rem}
.text{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:.75rem;border-radius:4px}
code,.hash{font-family:ui-monospace,monospace;word-break:break-all;font-size:.85rem}
ul.notices{list-style:none;padding:0}ul.notices li{background:#fff;border:1px solid #ddd;border-radius:4px;margin:.5rem 0;padding:.5rem .75rem}
label{display:block;margin-top:.75rem;font-weight:600}
input[type=text],textarea,select{width:100%;box-sizing:border-box;font:inherit;padding:.4rem}
textarea{min-height:8rem}button{margin-top:1rem;font:inherit;padding:.5rem 1.25rem}
.notice-box{padding:.75rem;border-radius:4px;margin:1rem 0}.ok{background:#e6f4ea;border:1px solid #34a853}.err{background:#fce8e6;border:1px solid #d93025}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
`;

function page(title: string, body: string, style = STYLE): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** What a region code is called (the division list), else the code. */
export type RegionNames = ReadonlyMap<string, string>;
const regionName = (names: RegionNames, code: string) => names.get(code) ?? code;

/** The list: notices grouped by the region they are posted in, then by kind; a filter form. */
export function listPage(items: readonly { notice: NoticeEntity; version: NoticeVersionEntity | null }[], names: RegionNames, filter: { region?: string; kind?: NoticeKind }): string {
  const byRegion = new Map<string, typeof items[number][]>();
  for (const item of items) {
    const list = byRegion.get(item.notice.regionCode) ?? [];
    list.push(item);
    byRegion.set(item.notice.regionCode, list);
  }
  const kinds = Object.values(NoticeKind)
    .map((k) => `<option value="${k}"${filter.kind === k ? ' selected' : ''}>${h(NOTICE_KIND_LABELS[k])}</option>`)
    .join('');
  const groups = [...byRegion.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, list]) => {
      const rows = [...list]
        .sort((a, b) => a.notice.kind.localeCompare(b.notice.kind))
        .map(({ notice, version }) => {
          const title = ((version?.payload?.content ?? {}) as { title?: string }).title ?? '';
          return `<li><a href="/public/pages/notices/${h(notice.id)}">【${h(NOTICE_KIND_LABELS[notice.kind])}】${h(title)}</a>
<div class="meta">${h(STATE_LABELS[notice.state])} · 公示期 ${h(notice.startsOn ?? '')} 至 ${h(notice.endsOn ?? '')}</div></li>`;
        })
        .join('\n');
      return `<h2>${h(regionName(names, code))}</h2>\n<ul class="notices">\n${rows}\n</ul>`;
    })
    .join('\n');
  return page(
    '公告公示',
    `<h1>公告公示</h1>
<form method="get" action="/public/pages/notices" aria-label="筛选">
<label for="region">区划代码（12 位，含下级）</label><input type="text" id="region" name="region" inputmode="numeric" value="${h(filter.region ?? '')}">
<label for="kind">类别</label><select id="kind" name="kind"><option value="">全部</option>${kinds}</select>
<button type="submit">筛选</button>
</form>
${groups || '<p>暂无公示。</p>'}`,
  );
}

/** One notice: newest version's text, every version with its hash, how to verify, answers, the objection form. */
export function noticePage(d: NoticeDetail, names: RegionNames, base: string, message?: { ok: boolean; text: string }, hash?: string): string {
  const n = d.notice;
  const newest = d.versions[d.versions.length - 1];
  const title = ((newest?.payload?.content ?? {}) as { title?: string }).title ?? '';
  const open = n.state === NoticeState.PUBLISHED;
  const versions = d.versions
    .map(
      (v) => `<li>第 ${v.number} 版，发布于 ${h(v.publishedAt ? chinaDateTime(v.publishedAt) : '')}${v.correctionReason ? `，更正原因：${h(v.correctionReason)}` : ''}<br>SHA-256：<span class="hash">${h(v.payloadHash ?? '')}</span></li>`,
    )
    .join('\n');
  const answers = d.objections.length
    ? `<ol>${d.objections
        .map((o) => `<li>${h(o.receivedOn)} 收到；${o.outcome ? `${h(OUTCOME_LABELS[o.outcome])}。答复：${h(o.answer ?? '')}` : '办理中'}</li>`)
        .join('\n')}</ol>`
    : '<p>暂无异议。</p>';
  const url = `${base}/public/notices/${n.id}`;
  const form = open
    ? `<form method="post" action="/public/pages/notices/${h(n.id)}/objections">
<label for="text">异议内容（必填）</label><textarea id="text" name="text" required maxlength="5000"></textarea>
<label for="name">姓名（可不填，匿名提出）</label><input type="text" id="name" name="name" maxlength="50" autocomplete="name">
<label for="contact">联系方式（可不填；加密保存，不公开）</label><input type="text" id="contact" name="contact" maxlength="100" autocomplete="tel">
<div class="hp" aria-hidden="true"><label for="website">请勿填写</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">提交异议</button>
</form>`
    : `<p>本公示${h(STATE_LABELS[n.state])}，不再受理异议。</p>`;
  return page(
    `${NOTICE_KIND_LABELS[n.kind]}：${title}`,
    `<p><a href="/public/pages/notices">← 全部公示</a> · <a href="/public/pages/notices/${h(n.id)}/print">打印张贴版（A4）</a></p>
<h1>【${h(NOTICE_KIND_LABELS[n.kind])}】${h(title)}</h1>
<p class="meta">${h(regionName(names, n.regionCode))} · ${h(STATE_LABELS[n.state])} · 公示期 ${h(n.startsOn ?? '')} 至 ${h(n.endsOn ?? '')}${n.withdrawnReason ? ` · 撤回原因：${h(n.withdrawnReason)}` : ''}</p>
${message ? `<div class="notice-box ${message.ok ? 'ok' : 'err'}" role="status">${h(message.text)}</div>` : ''}
${hash !== undefined ? hashCheck(d, hash) : ''}
<div class="text" id="notice-text">${h(newest?.renderedText ?? '')}</div>
<h2>版本与校验</h2>
<ul>${versions}</ul>
<p>核对公示栏上的内容与系统发布的一致：</p>
<p><code>npm run --silent notice:verify -- ${h(url)} 哈希值</code></p>
<p>或：<code>curl -s ${h(url)} | jq -c '.versions[0].payload' | npx canonicalize | sha256sum</code>（第 N 版用 <code>.versions[N-1]</code>）</p>
<h2>异议及答复</h2>
${answers}
<h2>提出异议</h2>
${form}`,
  );
}

/** What a hash from a board (or its QR code) is: one of the notice's published versions, or none. */
function hashCheck(d: NoticeDetail, hash: string): string {
  const v = d.versions.find((x) => x.payloadHash === hash.trim().toLowerCase());
  const newest = d.versions[d.versions.length - 1];
  const text = !v
    ? `哈希值 ${hash} 不是本公示任何已发布版本的哈希：张贴内容与系统发布的不一致。`
    : v === newest
      ? `哈希值与第 ${v.number} 版（最新版）一致。`
      : `哈希值与第 ${v.number} 版一致，但该版已被第 ${newest.number} 版更正。`;
  return `<div class="notice-box ${v ? 'ok' : 'err'}" role="status" id="hash-check">${h(text)}</div>`;
}

const PRINT_STYLE = `
@page{size:A4;margin:15mm}
body{font-family:"Noto Serif CJK SC","WenQuanYi Micro Hei",serif;color:#000;background:#fff;margin:0;line-height:1.7;font-size:12pt}
main{max-width:180mm;margin:0 auto;padding:8mm 0}
h1{font-size:18pt;text-align:center;margin:0 0 6mm}
.text{white-space:pre-wrap}
.foot{display:flex;gap:6mm;align-items:center;margin-top:8mm;border-top:1px solid #000;padding-top:4mm;break-inside:avoid}
.foot svg{width:32mm;height:32mm;flex:none}
.hash{font-family:ui-monospace,monospace;word-break:break-all;font-size:9pt}
@media screen{body{background:#eee}main{background:#fff;padding:15mm;margin:5mm auto;box-shadow:0 0 3mm #aaa}}
`;

/**
 * The board version (A4, print CSS) of the newest published version: exactly the text the system
 * holds, its version, publication time and hash, and a QR code (`qrSvg`, made by the caller from
 * `qrTarget`) that opens the notice's page with that hash checked.
 */
export function printPage(d: NoticeDetail, names: RegionNames, qrSvg: string): string {
  const n = d.notice;
  const v = d.versions[d.versions.length - 1];
  const title = ((v?.payload?.content ?? {}) as { title?: string }).title ?? '';
  return page(
    `${NOTICE_KIND_LABELS[n.kind]}：${title}（张贴版）`,
    `<h1>【${h(NOTICE_KIND_LABELS[n.kind])}】${h(title)}</h1>
<div class="text" id="notice-text">${h(v?.renderedText ?? '')}</div>
<div class="foot">
${qrSvg}
<div>${h(regionName(names, n.regionCode))} · 第 ${v?.number ?? ''} 版 · 发布于 ${h(v?.publishedAt ? chinaDateTime(v.publishedAt) : '')}<br>
内容哈希（SHA-256）：<span class="hash" id="hash">${h(v?.payloadHash ?? '')}</span><br>
扫码或访问公示页面核对张贴内容与系统发布的是否一致。</div>
</div>`,
    PRINT_STYLE,
  );
}

/** What the board's QR code encodes: the notice page, checking the printed version's hash. */
export function qrTarget(base: string, noticeId: string, hash: string): string {
  return `${base}/public/pages/notices/${noticeId}?hash=${hash}`;
}

/** A page for a refused request (an unknown notice, a refused objection). */
export function errorPage(title: string, text: string): string {
  return page(title, `<h1>${h(title)}</h1>\n<div class="notice-box err" role="alert">${h(text)}</div>\n<p><a href="/public/pages/notices">← 全部公示</a></p>`);
}
