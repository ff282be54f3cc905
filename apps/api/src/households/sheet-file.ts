import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { LIMITS } from '@doorstep/contracts';
import { DomainError, unprocessable } from '../common/errors/domain-error';
import { checkXlsxBounds, tooManyCells, tooManyRows, type SheetBounds } from './sheet-bounds';

/*
 * Bytes of an uploaded CSV or XLSX → its grid of strings. Runs in a worker thread (sheet.worker.ts), so
 * it imports only what parsing needs: a worker starts faster without the Nest stack.
 */

/** XLSX files are ZIP archives. */
const isZip = (buf: Buffer) => buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;

/** Excel on Chinese Windows saves CSV as GB18030; everything else we see is UTF-8 (maybe with a BOM). */
function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if (value instanceof Date) return value.toISOString();
  }
  return String(value);
}

/** CSV rows and fields counted as csv-parse delivers them, so a huge file stops early. */
function parseCsv(buf: Buffer, bounds: SheetBounds): string[][] {
  let rows = 0;
  let cells = 0;
  return parse(decodeText(buf), {
    relax_column_count: true,
    skip_empty_lines: false,
    trim: true,
    on_record: (record: string[]) => {
      cells += record.length;
      if (++rows > LIMITS.importMaxRows + 1) throw tooManyRows();
      if (cells > bounds.maxCells) throw tooManyCells(bounds);
      return record;
    },
  });
}

async function parseXlsx(buf: Buffer, bounds: SheetBounds): Promise<string[][]> {
  await checkXlsxBounds(buf, bounds);
  // Loaded on the first XLSX only: CSV imports never pay for exceljs.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  await workbook.xlsx.load(buf as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v).trim());
  });
  return Array.from(rows, (r) => r ?? []);
}

/**
 * The raw grid of a CSV or XLSX file: first row headers, then data rows, all as trimmed strings. The
 * file's size, rows and cells are bounded before and while it is parsed (sheet-bounds.ts); this runs
 * in a worker thread (sheet.worker.ts), never on the request thread.
 */
export async function readSheet(buf: Buffer, bounds: SheetBounds): Promise<string[][]> {
  try {
    return isZip(buf) ? await parseXlsx(buf, bounds) : parseCsv(buf, bounds);
  } catch (error) {
    // A bound that was hit says so; anything the parsers throw means the file is not a readable sheet.
    throw error instanceof DomainError ? error : unprocessable('IMPORT_UNREADABLE');
  }
}
