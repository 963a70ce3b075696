import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import type { Principal } from '../common/access/principal';
import { ErrorResponse } from '../common/http/openapi';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { startDownload } from '../common/http/download';
import { FileInMemory, memorySink, receiveUpload, UploadErrors } from '../common/http/multipart-upload';
import { RectificationEvidenceFile } from './supervision.models';
import { SupervisionErrors } from './supervision.errors';
import { SupervisionService } from './supervision.service';

/** What a multipart upload may carry besides the file, beyond the file's own limit. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const NOTE_MAX_BYTES = 2048;

interface Received extends FileInMemory {
  note?: string;
}

/**
 * Evidence files of a finding's rectification (整改佐证材料, issue #20) over HTTP: the upload
 * (multipart, held in memory up to EVIDENCE_MAX_BYTES and refused beyond it without reading more
 * into memory), and the download in the finding's read scope. Listing and removal are GraphQL
 * (SupervisionFinding.evidenceFiles, removeRectificationEvidence).
 */
@ApiTags('supervision')
@Controller('supervision')
export class EvidenceController {
  constructor(
    private readonly service: SupervisionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('findings/:id/evidence')
  @HttpCode(201)
  @RequirePermission('supervision.rectify')
  @ApiOperation({
    summary: 'Upload an evidence file (整改佐证材料) of a finding of your town or village',
    description:
      'multipart/form-data: the field file (JPEG, PNG or PDF as EVIDENCE_TYPES says, told by its bytes) and an optional note (at most 500 characters), ' +
      'while the finding is ASSIGNED or RECTIFYING. Returns the stored file (id, name, type, size, sha256, uploader, time).',
  })
  @ApiParam({ name: 'id', description: 'Id of the finding' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, note: { type: 'string', maxLength: 500 } } } })
  @ApiResponse({ status: 201, description: 'The stored evidence file', type: RectificationEvidenceFile })
  @ApiResponse({ status: 400, description: 'No file, an empty file, a malformed upload or a too long note (coded, naming the field)', type: ErrorResponse })
  @ApiResponse({ status: 404, description: 'The finding is missing or outside your region (FINDING_NOT_FOUND)', type: ErrorResponse })
  @ApiResponse({ status: 409, description: 'The finding is not ASSIGNED or RECTIFYING (RECTIFICATION_NOT_OPEN)', type: ErrorResponse })
  @ApiResponse({ status: 413, description: 'Larger than EVIDENCE_MAX_BYTES (EVIDENCE_TOO_LARGE, details.maxBytes)', type: ErrorResponse })
  @ApiResponse({ status: 415, description: 'A type EVIDENCE_TYPES does not accept, or none told by the bytes (EVIDENCE_TYPE_REFUSED, details.detected)', type: ErrorResponse })
  async upload(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() req: Request): Promise<RectificationEvidenceFile> {
    const file = await this.receive(req);
    return RectificationEvidenceFile.from(await this.service.uploadEvidence(principal, { findingId: id, fileName: file.fileName, content: file.content, note: file.note }));
  }

  @Get('evidence/:id')
  @RequirePermission('supervision.read')
  @ApiOperation({ summary: 'Download an evidence file (整改佐证材料) of a finding in your region', description: 'The bytes as uploaded, with the stored media type and the file name in Content-Disposition; audited as a read.' })
  @ApiParam({ name: 'id', description: 'Id of the evidence file' })
  @ApiResponse({ status: 200, description: 'The file' })
  @ApiResponse({ status: 404, description: 'Missing or outside your region (EVIDENCE_NOT_FOUND)', type: ErrorResponse })
  async download(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const file = await this.service.downloadEvidence(principal, id);
    if (!file?.content) throw SupervisionErrors.evidenceNotFound('id');
    startDownload(res, file.mediaType, asciiName(file.fileName), file.fileName);
    res.setHeader('Content-Length', String(file.content.length));
    res.end(file.content);
  }

  /**
   * The multipart field `file` (one) and the optional field `note`, the file held in memory up to
   * the limit: a declared length far beyond it is refused before reading, a stream beyond it as
   * soon as it passes it (the rest of the body is drained, not kept).
   */
  private async receive(req: Request): Promise<Received> {
    const max = this.config.evidence.maxBytes;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max + MULTIPART_OVERHEAD_BYTES) throw SupervisionErrors.evidenceTooLarge(max);
    const { file, fields } = await receiveUpload(req, { fileField: 'file', maxFileBytes: max, fields: ['note'], maxFieldBytes: NOTE_MAX_BYTES, errors: UPLOAD_ERRORS, sink: memorySink() });
    return { ...file, note: fields.note };
  }
}

/** How an evidence upload goes wrong, in the supervision module's codes. */
const UPLOAD_ERRORS: UploadErrors = {
  malformed: () => SupervisionErrors.evidenceMalformed(),
  unknownField: (name) => SupervisionErrors.evidenceMalformed(name, `未知字段 ${name}，仅接受 file 与 note (unknown field ${name}: send file and note)`),
  repeatedField: (name) => SupervisionErrors.evidenceMalformed(name, `字段 ${name} 只能有一个 (send the field ${name} once)`),
  fieldTooLong: (name) => SupervisionErrors.invalidValue(name, '说明不能超过 500 字 (the note is longer than 500 characters)'),
  tooManyFields: () => SupervisionErrors.evidenceMalformed('note'),
  fileInOtherField: (name) => SupervisionErrors.evidenceMalformed(name, `文件须放在字段 file 中，不接受字段 ${name} (upload the file in the field "file")`),
  tooManyFiles: () => SupervisionErrors.evidenceFileRequired(),
  noFile: () => SupervisionErrors.evidenceFileRequired(),
  tooLarge: (max) => SupervisionErrors.evidenceTooLarge(max),
  aborted: () => SupervisionErrors.evidenceMalformed('file', '上传未完成 (the upload was aborted)'),
};

/** The file name for the plain `filename=` parameter: non-ASCII and quoting characters replaced (filename* carries the real one). */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}
