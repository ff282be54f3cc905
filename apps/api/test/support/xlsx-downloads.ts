import ExcelJS from 'exceljs';
import type { Response } from 'supertest';

/** Reading the XLSX files the API sends, in e2e tests. */

/** supertest collects a binary body into a Buffer only when asked to. */
export const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (p: Buffer) => parts.push(p));
  res.on('end', () => done(null, Buffer.concat(parts)));
};

export async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

/** Every row of a sheet as raw cell values, by position (empty cells are not stored). */
export function values(sheet: ExcelJS.Worksheet): unknown[][] {
  const width = sheet.getRow(1).cellCount;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push(Array.from({ length: width }, (_, i) => row.getCell(i + 1).value ?? null)));
  return rows;
}
