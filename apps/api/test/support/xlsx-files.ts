import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Hand-made XLSX files for the import's defences: ZIP archives written byte by byte, so a test can make
 * one that unpacks to gigabytes from a megabyte, or one whose declared sizes lie.
 */

interface ZipEntry {
  name: string;
  /** Raw DEFLATE data. */
  deflated: Buffer;
  crc: number;
  /** What the headers claim the entry unpacks to. */
  declaredSize: number;
}

function entryOf(name: string, content: string): ZipEntry {
  const data = Buffer.from(content, 'utf8');
  return { name, deflated: deflateRawSync(data), crc: crc32(data), declaredSize: data.length };
}

/** A ZIP archive (no ZIP64: every size must fit 32 bits) of DEFLATE entries. */
function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // DEFLATE
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // needed
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.deflated.length, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + e.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

/** The parts every workbook needs besides its one sheet. */
const WORKBOOK_PARTS: Array<[string, string]> = [
  [
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '</Types>',
  ],
  [
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
  ],
  [
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="房屋" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ],
  [
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '</Relationships>',
  ],
];

const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** A row of inline-string cells, columns A, B, C … */
export const sheetRow = (n: number, texts: string[]) =>
  `<row r="${n}">${texts.map((t, i) => cell(`${String.fromCharCode(65 + i)}${n}`, t)).join('')}</row>`;

/** A well-formed XLSX whose first sheet holds `rowsXml` (see sheetRow). */
export function xlsxWithRows(rowsXml: string): Buffer {
  return zip([
    ...WORKBOOK_PARTS.map(([name, xml]) => entryOf(name, xml)),
    entryOf('xl/worksheets/sheet1.xml', SHEET_HEAD + rowsXml + SHEET_TAIL),
  ]);
}

/**
 * An XLSX bomb: a sheet whose one data cell holds `mebibytes` MiB of text, in about a thousandth of that
 * (the attack's 1.5 MiB file held 1.5 GiB). One MiB of text is deflated once with a full flush (an
 * independent block) and that block repeated. With `declaredSize`, the headers claim that size instead
 * of the real one: a lie the central directory alone cannot reveal. The CRC is left 0: nothing on the
 * way to the size checks verifies it.
 */
export function xlsxBomb(mebibytes: number, declaredSize?: number): Buffer {
  const head = Buffer.from(
    SHEET_HEAD + sheetRow(1, ['楼栋', '单元', '房号', '面积']) + '<row r="2"><c r="A2" t="inlineStr"><is><t>',
    'utf8',
  );
  const block = Buffer.alloc(1024 * 1024, 'a');
  const tail = Buffer.from(`</t></is></c></row>${SHEET_TAIL}`, 'utf8');
  const flushed = (data: Buffer) => deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  const repeated = flushed(block);
  const deflated = Buffer.concat([flushed(head), ...Array.from({ length: mebibytes }, () => repeated), deflateRawSync(tail)]);
  const realSize = head.length + mebibytes * block.length + tail.length;
  const sheet: ZipEntry = {
    name: 'xl/worksheets/sheet1.xml',
    deflated,
    crc: 0,
    declaredSize: Math.min(declaredSize ?? realSize, 0xffffffff),
  };
  return zip([...WORKBOOK_PARTS.map(([name, xml]) => entryOf(name, xml)), sheet]);
}
