import type { MembershipView } from '@doorstep/contracts';

import { homeForReport, knownCompounds } from './home';

const membership = (id: number, compoundId: number, householdLabel: string, status: MembershipView['status'] = 'verified') =>
  ({
    id,
    householdId: 100 + id,
    compoundId,
    compoundName: compoundId === 1 ? '幸福里小区' : '阳光花园',
    householdLabel,
    status,
  }) as MembershipView;

describe('homeForReport', () => {
  const mine = [membership(1, 1, '3号楼 2单元 301'), membership(2, 1, '1号楼 1单元 102')];

  it('picks the home in the scanned building, and says it is there', () => {
    expect(homeForReport(mine, { compoundId: 1, buildingName: '1号楼' })).toEqual({
      householdId: 102,
      label: '1号楼 1单元 102',
      inScannedBuilding: true,
    });
  });

  it('offers a home elsewhere in the compound without preferring it', () => {
    expect(homeForReport(mine, { compoundId: 1, buildingName: '2号楼' })).toMatchObject({
      householdId: 101,
      inScannedBuilding: false,
    });
    expect(homeForReport(mine, { compoundId: 1, buildingName: null })).toMatchObject({ inScannedBuilding: false });
  });

  it('does not confuse 1号楼 with 11号楼, and ignores claims not yet verified', () => {
    expect(homeForReport([membership(3, 1, '11号楼 1单元 101')], { compoundId: 1, buildingName: '1号楼' })).toMatchObject({
      inScannedBuilding: false,
    });
    expect(homeForReport([membership(4, 1, '1号楼 1单元 101', 'pending')], { compoundId: 1, buildingName: '1号楼' })).toBeNull();
    expect(homeForReport(mine, { compoundId: 2, buildingName: '1号楼' })).toBeNull();
  });
});

describe('knownCompounds', () => {
  it('lists verified homes first, then scanned compounds, each once', () => {
    const homes = [membership(1, 1, '1号楼 1单元 101'), membership(2, 2, '2号楼 1单元 201', 'pending')];
    expect(
      knownCompounds(homes, [
        { id: 2, name: '阳光花园' },
        { id: 1, name: '幸福里小区' },
      ]),
    ).toEqual([
      { id: 1, name: '幸福里小区' },
      { id: 2, name: '阳光花园' },
    ]);
  });
});
