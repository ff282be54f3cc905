import { PassThrough } from 'node:stream';
import type { SheetSpec } from './sheet-writer';

/**
 * Worker-thread task (see SheetWriter): sheets of rows → one XLSX file, each sheet's header row in bold
 * and frozen, a column's number format (0.00 for 元) on its cells. Loading exceljs (about a second) and
 * writing a 10 000-row sheet happen here, never on the thread that answers requests.
 */
export default async function writeWorkbook({ sheets }: { sheets: SheetSpec[] }): Promise<Uint8Array> {
  const { default: Excel } = await import('exceljs');
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (part: Buffer) => parts.push(part));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  // The streaming writer keeps only the rows not yet committed in memory.
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.columns.map((c) => ({ header: c.header, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
    sheet.getRow(1).font = { bold: true };
    for (const row of spec.rows) sheet.addRow(row).commit();
    sheet.commit();
  }
  await workbook.commit();
  await ended;
  return Buffer.concat(parts);
}
