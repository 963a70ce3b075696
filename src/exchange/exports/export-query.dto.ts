import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { REVEAL_REASON_MAX_LENGTH, REVEAL_REASON_MIN_LENGTH } from '../../common/access/reason';
import { HouseholdValidity } from '../../households/household.entity';
import { PovertyStatus } from '../../households/registry-codes';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_ENCODINGS = ['utf-8', 'gb18030'] as const;
export type ExportEncoding = (typeof EXPORT_ENCODINGS)[number];
export const EXPORT_VALUES = ['labels', 'codes'] as const;
export type ExportValues = (typeof EXPORT_VALUES)[number];
/** `ALL`: every household whatever its validity. */
export const EXPORT_VALIDITIES = [...Object.values(HouseholdValidity), 'ALL'] as const;
export type ExportValidity = (typeof EXPORT_VALIDITIES)[number];

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
/** `utf8` and `gbk` are accepted as spellings of the two encodings (GB18030 is GBK's superset). */
const encoding = ({ value }: { value: unknown }) => {
  const v = lower({ value });
  return v === 'utf8' ? 'utf-8' : v === 'gbk' ? 'gb18030' : v;
};
/** A status by English name, national code or Chinese label. */
const status = ({ value }: { value: unknown }) => (typeof value === 'string' ? (PovertyStatus.parse(value) ?? value) : value);
const flag = ({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);

/** What every export takes: the format, the region, the CSV encoding (GET /exchange/exports/{kind}; the registry's adds its filters). */
export class ExportKindQuery {
  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    default: 'csv',
    description: 'File format: CSV and XLSX one row a record (the registry: one per member); NDJSON one record a line (the registry: a household with its members).',
  })
  @IsOptional()
  @Transform(lower)
  @IsIn(EXPORT_FORMATS, { message: 'format must be one of csv, xlsx, ndjson' })
  format?: ExportFormat;

  @ApiPropertyOptional({ description: "12-digit division code: only that region's subtree (within the caller's scope).", example: '410106100000' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'regionCode must be a 12-digit division code' })
  regionCode?: string;

  @ApiPropertyOptional({ enum: EXPORT_ENCODINGS, default: 'utf-8', description: 'CSV only: UTF-8 with a byte-order mark (default), or GB18030 for older Excel.' })
  @IsOptional()
  @Transform(encoding)
  @IsIn(EXPORT_ENCODINGS)
  encoding?: ExportEncoding;
}

/** Query of GET /exchange/exports/{kind}: a per-record kind (an inspection's visit sheet) also takes the record. */
export class ExportOfKindQuery extends ExportKindQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "The record a per-record kind exports (inspection-visit-sheet: the inspection's id); other kinds refuse it." })
  @IsOptional()
  @IsUUID()
  of?: string;
}

/** Query of GET /exchange/households/export. */
export class ExportHouseholdsQuery extends ExportKindQuery {
  @ApiPropertyOptional({ enum: Object.keys(PovertyStatus.values), description: '脱贫状态: English name, national code or Chinese label.' })
  @IsOptional()
  @Transform(status)
  @IsIn(Object.keys(PovertyStatus.values))
  status?: PovertyStatus;

  @ApiPropertyOptional({ enum: EXPORT_VALIDITIES, default: 'ACTIVE', description: 'Households on the roll (ACTIVE, default), candidates, removed ones, or ALL.' })
  @IsOptional()
  @Transform(upper)
  @IsIn(EXPORT_VALIDITIES)
  validity?: ExportValidity;

  @ApiPropertyOptional({ type: Number, minimum: 2013, maximum: 2100, description: '识别年度' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2013)
  @Max(2100)
  yearRegistered?: number;

  @ApiPropertyOptional({ type: Number, minimum: 2013, maximum: 2100, description: "Income (and insurance) of this year; default each household's latest year." })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2013)
  @Max(2100)
  incomeYear?: number;

  @ApiPropertyOptional({ enum: EXPORT_VALUES, default: 'labels', description: 'Code-list columns as Chinese labels (default) or national codes.' })
  @IsOptional()
  @Transform(lower)
  @IsIn(EXPORT_VALUES)
  values?: ExportValues;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Full ID, phone and bank account numbers instead of masked ones: needs personalData.unmask and a reason; audited.',
  })
  @IsOptional()
  @Transform(flag)
  @IsBoolean()
  reveal?: boolean;

  @ApiPropertyOptional({
    minLength: REVEAL_REASON_MIN_LENGTH,
    maxLength: REVEAL_REASON_MAX_LENGTH,
    description: `Why the full values are needed (required with reveal=true; at least ${REVEAL_REASON_MIN_LENGTH} characters after trimming, not punctuation only); kept in the audit trail.`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(REVEAL_REASON_MAX_LENGTH)
  reason?: string;
}

