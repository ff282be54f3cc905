import type { Readable } from 'node:stream';
import { fromBufferPromise, type Entry, type ZipFile } from 'yauzl';
import { LIMITS } from '@doorstep/contracts';
import { DomainError, unprocessable } from '../common/errors/domain-error';

/** How much a household sheet may hold, checked before a parser builds anything from it. */
export interface SheetBounds {
  /** Everything an XLSX unpacks to, declared and actual. */
  maxUncompressedBytes: number;
  /** Cells (XLSX: cells and shared strings, each counted apart; CSV: fields). */
  maxCells: number;
}

/** Header row plus LIMITS.importMaxRows data rows. */
const MAX_SHEET_ROWS = LIMITS.importMaxRows + 1;
/** An XLSX written by Excel, WPS or LibreOffice has a few dozen parts; thousands is a crafted file. */
const MAX_ZIP_ENTRIES = 1000;

export const sheetTooLarge = (bounds: SheetBounds) =>
  new DomainError(
    'PAYLOAD_TOO_LARGE',
    413,
    { maxUncompressedBytes: bounds.maxUncompressedBytes },
    '表格内容过大，请只保留房屋清单，或拆分后分批导入',
  );

/** The same answer validateSheet gives for too many rows, so the app shows one message for both. */
export const tooManyRows = () =>
  unprocessable('IMPORT_INVALID_ROWS', [
    { row: LIMITS.importMaxRows + 2, column: '', message: `一次最多导入 ${LIMITS.importMaxRows} 行` },
  ]);

export const tooManyCells = (bounds: SheetBounds) =>
  unprocessable('IMPORT_INVALID_ROWS', [
    { row: 1, column: '', message: `表格中的单元格过多（最多 ${bounds.maxCells} 个），请删去不需要导入的列和工作表` },
  ]);

const unreadable = () => unprocessable('IMPORT_UNREADABLE');

/**
 * Counts start tags of one element name, with any namespace prefix (`<c `, `<x:c>`), in XML that
 * arrives in chunks. Worksheet text is escaped (`&lt;`), so a tag pattern in the raw bytes is a tag.
 */
class TagCounter {
  count = 0;
  private tail = '';
  private readonly pattern: RegExp;

  constructor(name: string) {
    this.pattern = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${name}[\\s/>]`, 'g');
  }

  push(chunk: Buffer): void {
    const text = this.tail + chunk.toString('latin1');
    // A match that ends inside the carried-over tail was counted with the previous chunk.
    for (const match of text.matchAll(this.pattern)) {
      if (match.index + match[0].length > this.tail.length) this.count++;
    }
    this.tail = text.slice(-64);
  }
}

function readAllEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      if (entries.length > MAX_ZIP_ENTRIES) reject(unreadable());
      else zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/**
 * Inflates `entry`, handing each chunk to `onChunk`. yauzl stops with an error as soon as the data
 * inflates to more than the entry declares, so a size that lies costs at most the declared bytes.
 */
async function inflate(zip: ZipFile, entry: Entry, onChunk: (chunk: Buffer) => void): Promise<void> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  try {
    for await (const chunk of stream) onChunk(chunk as Buffer);
  } finally {
    stream.destroy();
  }
}

/**
 * Checks an XLSX (a ZIP archive) without building anything from it: a 1.5 MiB file can hold 1.5 GiB of
 * sheet XML, and a parser (exceljs) inflates and models all of it before a row can be counted.
 *  1. The sizes the central directory declares must add up to at most maxUncompressedBytes (413).
 *  2. Every entry is then inflated once, in a stream, never past its declared size: a lying size ends
 *     the check (422 IMPORT_UNREADABLE) after at most the declared bytes.
 *  3. While inflating, rows and cells of every worksheet and the shared strings are counted (422).
 * Encrypted, damaged or odd archives are IMPORT_UNREADABLE.
 */
export async function checkXlsxBounds(file: Buffer, bounds: SheetBounds): Promise<void> {
  let zip: ZipFile;
  let entries: Entry[];
  try {
    zip = await fromBufferPromise(file, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
    entries = await readAllEntries(zip);
  } catch (error) {
    throw error instanceof DomainError ? error : unreadable();
  }
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > bounds.maxUncompressedBytes) throw sheetTooLarge(bounds);

  let inflated = 0;
  let cells = 0;
  try {
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const isSheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(entry.fileName);
      const isStrings = /^xl\/sharedStrings\.xml$/i.test(entry.fileName);
      const rowTags = new TagCounter('row');
      const cellTags = new TagCounter(isSheet ? 'c' : 'si');
      await inflate(zip, entry, (chunk) => {
        inflated += chunk.length;
        if (inflated > bounds.maxUncompressedBytes) throw sheetTooLarge(bounds);
        if (!isSheet && !isStrings) return;
        cellTags.push(chunk);
        if (isSheet) {
          rowTags.push(chunk);
          if (rowTags.count > MAX_SHEET_ROWS) throw tooManyRows();
        }
        if ((isSheet ? cells : 0) + cellTags.count > bounds.maxCells) throw tooManyCells(bounds);
      });
      if (isSheet) cells += cellTags.count;
    }
  } catch (error) {
    throw error instanceof DomainError ? error : unreadable();
  } finally {
    zip.close();
  }
}
