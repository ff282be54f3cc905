import { careTagFromText, LIMITS, PHONE_PATTERN, type CareTag, type ImportRowError } from '@doorstep/contracts';
import { normalizeText, textProblem } from '../common/http/chars';

/** A household as a spreadsheet row describes it, after validation. */
export interface HouseholdRow {
  row: number;
  building: string;
  unit: string;
  room: string;
  areaHundredths: number;
  /** undefined when the sheet has no such column: the stored value is then left alone. */
  ownerName: string | null | undefined;
  ownerPhone: string | null | undefined;
  /** undefined when the sheet has no tags column: existing tags are then left alone. */
  careTags: CareTag[] | undefined;
}

type Field = 'building' | 'unit' | 'room' | 'area' | 'ownerName' | 'phone' | 'tags';

/** Header spellings managers actually use, Chinese first. */
const HEADERS: Record<Field, string[]> = {
  building: ['楼栋', '楼号', '楼栋号', 'building'],
  unit: ['单元', '单元号', 'unit'],
  room: ['房号', '门牌号', '房间号', 'room'],
  area: ['面积', '建筑面积', '面积(㎡)', '面积（㎡）', '面积(m²)', 'area'],
  ownerName: ['业主', '业主姓名', '姓名', 'owner', 'ownername'],
  phone: ['手机号', '手机', '电话', '联系电话', 'phone'],
  tags: ['标签', '关爱标签', 'tags', 'caretags'],
};
const REQUIRED: Field[] = ['building', 'unit', 'room', 'area'];

const normalizeHeader = (h: string) => normalizeText(h).replace(/\s+/g, '').toLowerCase();
/** Length as MySQL's VARCHAR and the DTOs' `Chars` count it: code points. */
const charCount = (text: string) => [...text].length;

/** m² as written ("89.5", "89.50㎡") → hundredths, or null if not a positive number with ≤ 2 decimals. */
export function parseArea(text: string): number | null {
  const match = /^(\d{1,5})(?:\.(\d{1,2}))?\s*(?:㎡|m²|m2|平方米|平米)?$/.exec(text);
  if (!match) return null;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return hundredths > 0 && hundredths <= LIMITS.areaHundredthsMax ? hundredths : null;
}

/**
 * Validates every row and reports every problem by row number and column, so a manager fixes the
 * sheet once. Returns rows only when there are no errors.
 */
export function validateSheet(grid: string[][]): { rows: HouseholdRow[]; errors: ImportRowError[]; hasTags: boolean } {
  const errors: ImportRowError[] = [];
  const header = (grid[0] ?? []).map(normalizeHeader);
  const columnOf = {} as Record<Field, number>;
  for (const field of Object.keys(HEADERS) as Field[]) {
    columnOf[field] = header.findIndex((h) => HEADERS[field].map(normalizeHeader).includes(h));
  }
  for (const field of REQUIRED) {
    if (columnOf[field] < 0) errors.push({ row: 1, column: HEADERS[field][0], message: `缺少“${HEADERS[field][0]}”列` });
  }
  const hasTags = columnOf.tags >= 0;
  if (errors.length) return { rows: [], errors, hasTags };

  const dataRows = grid.slice(1);
  if (dataRows.length > LIMITS.importMaxRows) {
    return {
      rows: [],
      errors: [{ row: LIMITS.importMaxRows + 2, column: '', message: `一次最多导入 ${LIMITS.importMaxRows} 行` }],
      hasTags,
    };
  }
  const rows: HouseholdRow[] = [];
  const seen = new Map<string, number>();
  dataRows.forEach((cells, i) => {
    const row = i + 2;
    // Sheet rows never pass through a DTO: the same normalization as `Chars` applies here, so "101" and
    // "1\u200B01" (a zero-width space) are one room whichever way they arrive.
    const get = (f: Field) => (columnOf[f] >= 0 ? normalizeText(cells[columnOf[f]] ?? '') : '');
    if (cells.every((c) => !c || !normalizeText(c))) return;
    const fail = (f: Field, message: string) => errors.push({ row, column: HEADERS[f][0], message });
    const before = errors.length;
    const checkText = (f: Field, value: string, max: number) => {
      if (textProblem(value)) fail(f, '含有换行、控制字符或无法识别的字符');
      else if (charCount(value) > max) fail(f, `不能超过 ${max} 个字`);
    };

    const building = get('building');
    const unit = get('unit');
    const room = get('room');
    if (!building) fail('building', '不能为空');
    else checkText('building', building, 32);
    if (!unit) fail('unit', '不能为空');
    else checkText('unit', unit, LIMITS.unitMax);
    if (!room) fail('room', '不能为空');
    else checkText('room', room, LIMITS.roomMax);
    const area = parseArea(get('area'));
    if (area === null) fail('area', '应为大于 0 的数字，最多两位小数（单位：平方米）');
    const ownerName = columnOf.ownerName >= 0 ? get('ownerName') || null : undefined;
    if (ownerName) checkText('ownerName', ownerName, LIMITS.nameMax);
    const ownerPhone = columnOf.phone >= 0 ? get('phone').replace(/[\s-]/g, '') || null : undefined;
    if (ownerPhone && !PHONE_PATTERN.test(ownerPhone)) fail('phone', '应为 11 位手机号');
    let careTags: CareTag[] | undefined;
    if (columnOf.tags >= 0) {
      careTags = [];
      for (const text of get('tags')
        .split(/[、,，;；/\s]+/)
        .filter(Boolean)) {
        const tag = careTagFromText(text);
        if (tag) careTags.push(tag);
        else fail('tags', `未知标签“${text}”`);
      }
      careTags = [...new Set(careTags)];
    }
    const key = `${building}\u0000${unit}\u0000${room}`;
    if (building && unit && room) {
      const first = seen.get(key);
      if (first) fail('room', `与第 ${first} 行重复`);
      else seen.set(key, row);
    }
    if (errors.length === before) {
      rows.push({ row, building, unit, room, areaHundredths: area!, ownerName, ownerPhone, careTags });
    }
  });
  if (!rows.length && !errors.length) errors.push({ row: 2, column: '', message: '文件中没有数据行' });
  return { rows: errors.length ? [] : rows, errors, hasTags };
}
