import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import { Public } from '../common/access/access.decorators';
import { AppError, HTTP_STATUS } from '../common/errors/app-error';
import { RegionsService } from '../regions/regions.service';
import { NoticeKind } from './disclosure.enums';
import { PUBLIC_STATES } from './disclosure.repository';
import { DisclosureService, NoticeDetail } from './disclosure.service';
import { NoticeVersionEntity } from './notice-version.entity';
import { errorPage, listPage, noticePage, PAGE_CSP, printPage, qrTarget, RegionNames } from './public-pages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The board's QR code: SVG (no image request, allowed by the page's CSP), medium error correction for a printed sheet. */
export const QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 1 } as const;
/** Notices one list page shows (the newest). */
const LIST_SIZE = 100;

/**
 * The public web pages (公告公示), server-side HTML without login: the list, one notice, and the
 * objection form (the same rules as POST /public/notices/{id}/objections, plus a honeypot field
 * that a person never fills). Rate-limited like every request; no script on any page (CSP).
 */
@ApiExcludeController()
@Controller('public/pages/notices')
export class PublicPagesController {
  constructor(
    private readonly disclosure: DisclosureService,
    private readonly regions: RegionsService,
  ) {}

  @Public()
  @Get()
  async list(@Query('region') region: string | undefined, @Query('kind') kind: string | undefined, @Res() res: Response): Promise<void> {
    if ((region && !/^\d{12}$/.test(region)) || (kind && !(Object.values(NoticeKind) as string[]).includes(kind))) {
      return send(res, 400, errorPage('筛选条件有误', '区划代码应为 12 位数字，类别应从列表中选择。'), 'no-store');
    }
    const page = await this.disclosure.list(null, { regionCode: region, kind: (kind || undefined) as NoticeKind | undefined, states: PUBLIC_STATES }, { first: LIST_SIZE }, false);
    const notices = page.edges.map((e) => e.node);
    const newest = new Map<string, NoticeVersionEntity>();
    for (const v of await this.disclosure.publishedVersions(notices.map((n) => n.id))) newest.set(v.noticeId, v);
    const names = await this.names(notices.map((n) => n.regionCode));
    send(res, 200, listPage(notices.map((n) => ({ notice: n, version: newest.get(n.id) ?? null })), names, { region, kind: (kind || undefined) as NoticeKind | undefined }));
  }

  @Public()
  @Get(':id')
  async notice(@Param('id') id: string, @Query('filed') filed: string | undefined, @Query('hash') hash: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const d = UUID.test(id) ? await this.disclosure.publicDetail(id) : null;
    if (!d) return send(res, 404, errorPage('公示不存在', '未找到该公示，或尚未发布。'), 'no-store');
    const message = filed === '1' ? { ok: true, text: '已收到您的异议，责任单位办理后将在本页公开答复。' } : undefined;
    const checked = typeof hash === 'string' ? hash.slice(0, 128) : undefined;
    send(res, 200, noticePage(d, await this.names([d.notice.regionCode]), baseOf(req), message, checked), message ? 'no-store' : undefined);
  }

  /** The board version (A4) of the newest published version, with its hash as a QR code. */
  @Public()
  @Get(':id/print')
  async print(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const d = UUID.test(id) ? await this.disclosure.publicDetail(id) : null;
    if (!d) return send(res, 404, errorPage('公示不存在', '未找到该公示，或尚未发布。'), 'no-store');
    const newest = d.versions[d.versions.length - 1];
    const qr = await QRCode.toString(qrTarget(baseOf(req), id, newest.payloadHash ?? ''), QR_OPTIONS);
    send(res, 200, printPage(d, await this.names([d.notice.regionCode]), qr));
  }

  @Public()
  @Post(':id/objections')
  async file(@Param('id') id: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const d = UUID.test(id) ? await this.disclosure.publicDetail(id) : null;
    if (!d) return send(res, 404, errorPage('公示不存在', '未找到该公示，或尚未发布。'), 'no-store');
    const text = typeof body.text === 'string' ? body.text : '';
    const field = (k: string) => (typeof body[k] === 'string' && (body[k] as string).trim() ? (body[k] as string) : undefined);
    try {
      // The honeypot: a field hidden from people; a form that fills it is a robot's.
      if (field('website')) throw new AppError('BAD_USER_INPUT', '提交未被接受 (refused)', { field: 'website' });
      await this.disclosure.fileObjection(id, { text, name: field('name'), contact: field('contact') }, req.ip ?? '');
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return this.refused(res, d, req, e);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, `/public/pages/notices/${id}?filed=1`);
  }

  private async refused(res: Response, d: NoticeDetail, req: Request, e: AppError): Promise<void> {
    const text = `未能受理：${e.problems?.[0]?.message ?? e.message}`;
    send(res, HTTP_STATUS[e.code], noticePage(d, await this.names([d.notice.regionCode]), baseOf(req), { ok: false, text }), 'no-store');
  }

  private async names(codes: readonly string[]): Promise<RegionNames> {
    const regions = await this.regions.findByCodes([...new Set(codes)]);
    return new Map(regions.map((r) => [r.code, r.name]));
  }
}

function baseOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

function send(res: Response, status: number, html: string, cache = 'public, max-age=60'): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', cache);
  res.end(html);
}

