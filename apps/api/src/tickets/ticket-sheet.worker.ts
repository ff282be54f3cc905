import { PassThrough } from 'node:stream';
import type { SheetColumn } from './ticket-sheet';

/**
 * Worker-thread task (see TicketSheetWriter): rows of text → an XLSX file with one sheet, header row in
 * bold and frozen. Loading exceljs (about a second) and writing a 10 000-row sheet happen here, never
 * on the thread that answers requests.
 */
export default async function writeSheet({
  sheetName,
  columns,
  rows,
}: {
  sheetName: string;
  columns: SheetColumn[];
  rows: Array<Array<string | number>>;
}): Promise<Uint8Array> {
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
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(parts);
}
