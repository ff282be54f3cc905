import { parseArea, validateSheet } from './household-sheet';

describe('household sheet', () => {
  it('reads areas in m² as integer hundredths', () => {
    expect(parseArea('89.5')).toBe(8950);
    expect(parseArea('89.05㎡')).toBe(8905);
    expect(parseArea('120')).toBe(12000);
    expect(parseArea('0')).toBeNull();
    expect(parseArea('89.123')).toBeNull();
    expect(parseArea('-3')).toBeNull();
    expect(parseArea('大')).toBeNull();
  });

  it('accepts Chinese headers and care-tag labels', () => {
    const { rows, errors } = validateSheet([
      ['楼栋', '单元', '房号', '面积', '业主姓名', '手机号', '标签'],
      ['1号楼', '1', '101', '89.5', '王芳', '138 0013 8000', '独居老人、低保'],
    ]);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      row: 2,
      building: '1号楼',
      areaHundredths: 8950,
      ownerPhone: '13800138000',
      careTags: ['elderly_alone', 'low_income'],
    });
  });

  it('reports every bad cell by row and column and returns no rows', () => {
    const { rows, errors } = validateSheet([
      ['building', 'unit', 'room', 'area', 'phone'],
      ['1号楼', '1', '101', '89.5', ''],
      ['1号楼', '', '102', 'abc', '123'],
      ['1号楼', '1', '101', '70', ''],
    ]);
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { row: 3, column: '单元', message: '不能为空' },
      { row: 3, column: '面积', message: expect.stringContaining('大于 0') },
      { row: 3, column: '手机号', message: '应为 11 位手机号' },
      { row: 4, column: '房号', message: '与第 2 行重复' },
    ]);
  });

  it('names a missing required column on the header row', () => {
    const { errors } = validateSheet([['楼栋', '房号', '面积']]);
    expect(errors).toEqual([{ row: 1, column: '单元', message: '缺少“单元”列' }]);
  });
});
