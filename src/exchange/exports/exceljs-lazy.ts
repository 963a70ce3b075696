import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

/**
 * exceljs, loaded at the first XLSX written rather than at start: it is the service's largest
 * dependency to load (about 0.6 s of CPU), and most processes (and every test file that writes
 * no XLSX) never need it.
 */
export function loadExcelJs(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((m) => (m as { default?: typeof ExcelJS }).default ?? (m as unknown as typeof ExcelJS));
  return loading;
}
