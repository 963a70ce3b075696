import type { Response } from 'express';

/** Headers of a file download: personal data, so never cached; the name also in UTF-8 (RFC 5987/6266). */
export function startDownload(res: Response, contentType: string, asciiName: string, name = asciiName): void {
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeRfc5987(name)}`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
