import { isLocalDate } from '../common/dates/local-date';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Request, Response } from 'express';
import { Public } from '../common/access/access.decorators';
import { AppError } from '../common/errors/app-error';
import { CommonReason } from '../common/errors/reasons';
import { ErrorResponse } from '../common/http/openapi';
import { MAX_PAGE_SIZE } from '../common/pagination/connection';
import { atomFeed } from './atom-feed';
import { NOTICE_KIND_LABELS, NoticeKind } from './disclosure.enums';
import { DisclosureErrors } from './disclosure.errors';
import { PUBLIC_STATES } from './disclosure.repository';
import { DisclosureService, MAX_OBJECTION_CHARS, NoticeDetail } from './disclosure.service';
import { NoticeEntity } from './notice.entity';
import { NoticeVersionEntity } from './notice-version.entity';

/** How long a public answer may be cached (seconds): short, so a correction or an answer shows soon. */
const CACHE_SECONDS = 60;

export class PublicNoticesQuery {
  @ApiPropertyOptional({ description: 'Only notices posted in this region or below (12-digit division code).', example: '410106100201' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'region must be a 12-digit division code' })
  region?: string;

  @ApiPropertyOptional({ enum: Object.values(NoticeKind), description: 'Only this kind.' })
  @IsOptional()
  @IsEnum(NoticeKind)
  kind?: NoticeKind;

  @ApiPropertyOptional({ description: 'Published on or after this day (YYYY-MM-DD, China time).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Published on or before this day (YYYY-MM-DD, China time).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: MAX_PAGE_SIZE, default: 20, description: 'Page size.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @ApiPropertyOptional({ description: 'The `pageInfo.endCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string;
}

export class PublicFeedQuery {
  @ApiPropertyOptional({ description: 'Only notices posted in this region or below (12-digit division code).', example: '410106100201' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'region must be a 12-digit division code' })
  region?: string;
}

/** Entries of the Atom feed (its newest notices). */
const FEED_ENTRIES = 50;

export class PublicObjectionBody {
  @ApiPropertyOptional({ description: `What the objection says (plain text, up to ${MAX_OBJECTION_CHARS} characters).` })
  @IsString()
  text: string;

  @ApiPropertyOptional({ description: 'Your name; leave out to object anonymously. Never published.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  name?: string;

  @ApiPropertyOptional({ description: 'How to reach you (optional): stored encrypted, never published.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  contact?: string;
}

/** One published version as the public sees it: the payload and its hash (verify: README "Public disclosure"). */
function publicVersion(v: NoticeVersionEntity) {
  return { number: v.number, publishedAt: v.publishedAt?.toISOString() ?? null, correctionReason: v.correctionReason, payloadHash: v.payloadHash, payload: v.payload };
}

function publicNotice(n: NoticeEntity) {
  return {
    id: n.id,
    kind: n.kind,
    kindLabel: NOTICE_KIND_LABELS[n.kind],
    regionCode: n.regionCode,
    channels: n.channels,
    state: n.state,
    startsOn: n.startsOn,
    endsOn: n.endsOn,
    publishedAt: n.publishedAt?.toISOString() ?? null,
    currentVersion: n.currentVersion,
    withdrawnReason: n.withdrawnReason,
    closedOn: n.closedOn,
  };
}

function publicDetail(d: NoticeDetail) {
  return {
    ...publicNotice(d.notice),
    versions: d.versions.map(publicVersion),
    // Answers are published, never the objector, the contact or the objection's own text.
    objections: d.objections.map((o) => ({ receivedOn: o.receivedOn, state: o.state, outcome: o.outcome, answer: o.answer, handledOn: o.handledOn })),
  };
}

/**
 * The public surface of disclosure, without sign-in: published notices, their versions with
 * hashes, the answers to objections, and filing an objection. Rate-limited like every request
 * (the kit's limiter: per address when anonymous); filings also per address per hour.
 */
@ApiTags('public notices (公告公示)')
@Controller('public/notices')
export class PublicNoticesController {
  constructor(private readonly disclosure: DisclosureService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Published notices, newest first (JSON, paged)', description: 'Filter by region (subtree), kind and publication date. Each item carries its newest version\'s payload and hash.' })
  @ApiOkResponse({ description: '`{ items, pageInfo: { hasNextPage, endCursor } }`.' })
  async list(@Query() query: PublicNoticesQuery, @Res({ passthrough: true }) res: Response) {
    for (const field of ['from', 'to'] as const) {
      const v = query[field];
      if (v && !isLocalDate(v)) throw AppError.badInput([{ field, reason: CommonReason.INVALID_VALUE, message: '不是有效日期 (not a real date)' }]);
    }
    if (query.from && query.to && query.to < query.from) throw AppError.badInput([{ field: 'to', reason: CommonReason.INVALID_PERIOD, message: '结束日期早于开始日期 (to is before from)' }]);
    const page = await this.disclosure.list(
      null,
      { regionCode: query.region, kind: query.kind, states: PUBLIC_STATES, publishedFrom: query.from, publishedTo: query.to },
      { first: query.first, after: query.after },
      false,
    );
    const nodes = page.edges.map((e) => e.node);
    const versions = await this.disclosure.publishedVersions(nodes.map((n) => n.id));
    const newest = new Map<string, NoticeVersionEntity>();
    for (const v of versions) newest.set(v.noticeId, v);
    res.setHeader('Cache-Control', `public, max-age=${CACHE_SECONDS}`);
    return {
      items: nodes.map((n) => ({ ...publicNotice(n), latest: newest.has(n.id) ? publicVersion(newest.get(n.id)!) : null })),
      pageInfo: { hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor },
    };
  }

  // Declared before ':id', which would otherwise take 'feed.atom' for an id.
  @Public()
  @Get('feed.atom')
  @ApiOperation({ summary: 'Atom feed of published notices, per region (subtree)', description: 'The newest 50, each with its newest version (a correction is a new entry), rendered text and hash.' })
  @ApiProduces('application/atom+xml')
  @ApiOkResponse({ description: 'The feed (RFC 4287).', content: { 'application/atom+xml': { schema: { type: 'string' } } } })
  async feed(@Query() query: PublicFeedQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.disclosure.list(null, { regionCode: query.region, states: PUBLIC_STATES }, { first: FEED_ENTRIES }, false);
    const nodes = page.edges.map((e) => e.node);
    const newest = new Map<string, NoticeVersionEntity>();
    for (const v of await this.disclosure.publishedVersions(nodes.map((n) => n.id))) newest.set(v.noticeId, v);
    const entries = nodes.filter((n) => newest.has(n.id)).map((n) => ({ notice: n, version: newest.get(n.id)! }));
    res.status(200);
    res.setHeader('Content-Type', 'application/atom+xml; charset=utf-8');
    res.setHeader('Cache-Control', `public, max-age=${CACHE_SECONDS}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(atomFeed(`${req.protocol}://${req.get('host') ?? 'localhost'}`, query.region ?? '', entries));
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'One published notice with every version, its hash, and the answers to objections' })
  @ApiOkResponse({ description: 'The notice; 404 for a draft or an unknown id.' })
  async get(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => DisclosureErrors.noticeNotFound('id') })) id: string, @Res({ passthrough: true }) res: Response) {
    const d = await this.disclosure.publicDetail(id);
    if (!d) throw DisclosureErrors.noticeNotFound('id');
    res.setHeader('Cache-Control', `public, max-age=${CACHE_SECONDS}`);
    return publicDetail(d);
  }

  @Public()
  @Post(':id/objections')
  @HttpCode(201)
  @ApiOperation({ summary: 'File an objection (异议) to a notice in its period', description: 'Named or anonymous; the contact is never published. Limited per client address per hour (PUBLIC_OBJECTIONS_PER_ADDRESS_PER_HOUR).' })
  @ApiTooManyRequestsResponse({ description: 'Too many objections from this address (OBJECTION_FLOOD).', type: ErrorResponse })
  async file(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => DisclosureErrors.noticeNotFound('id') })) id: string,
    @Body() body: PublicObjectionBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const o = await this.disclosure.fileObjection(id, body, req.ip ?? '');
    res.setHeader('Cache-Control', 'no-store');
    return { id: o.id, noticeId: o.noticeId, receivedOn: o.receivedOn, state: o.state };
  }
}
