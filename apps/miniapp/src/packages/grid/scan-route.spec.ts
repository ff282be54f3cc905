import '../../../test/h5-env';
import type { QrScanView } from '@doorstep/contracts';

import { ApiError } from '../../services/request';
import { gridScanRoute, routeScan, scanScope, type ScanDeps } from './scan-route';

function code(over: Partial<QrScanView> = {}): QrScanView {
  return {
    token: 't',
    compound: { id: 7, name: '幸福里小区', address: null },
    building: null,
    spotName: null,
    placeLabel: null,
    categories: [],
    ...over,
  };
}

const building = code({ building: { id: 21, name: '1号楼' }, placeLabel: '1号楼' });
const garage = code({ spotName: '3号楼地下车库', placeLabel: '3号楼地下车库' });

describe('扫码走访: where a scanned code takes a grid worker', () => {
  it('a stairwell code opens the households of that building', () => {
    expect(scanScope(building).query).toEqual({ buildingId: 21 });
    expect(gridScanRoute(building, true)).toEqual({
      url: `/packages/grid/households?buildingId=21&where=${encodeURIComponent('幸福里小区 1号楼')}`,
    });
  });

  it('a place code opens the visit form for that place of the compound', () => {
    expect(scanScope(garage).query).toEqual({ compoundId: 7 });
    const route = gridScanRoute(garage, true);
    expect('url' in route && route.url).toBe(
      `/packages/grid/visit?place=${encodeURIComponent('3号楼地下车库')}&compoundId=7&label=${encodeURIComponent('幸福里小区 3号楼地下车库')}&care=0`,
    );
  });

  it('a place inside a building is still the compound’s place (as the server checks it)', () => {
    const lift = code({ building: { id: 21, name: '1号楼' }, spotName: '电梯间', placeLabel: '1号楼 电梯间' });
    expect(scanScope(lift).query).toEqual({ compoundId: 7 });
    expect(gridScanRoute(lift, true)).toMatchObject({ url: expect.stringContaining('/packages/grid/visit?place=') });
  });

  it('a code of the whole compound opens its households', () => {
    expect(gridScanRoute(code(), true)).toEqual({
      url: `/packages/grid/households?compoundId=7&where=${encodeURIComponent('幸福里小区')}`,
    });
  });

  it('a code outside the worker’s grids says so, naming the place', () => {
    expect(gridScanRoute(building, false)).toEqual({ outside: expect.stringContaining('幸福里小区 1号楼不在您负责的网格内') });
  });

  it('asks the server for the worker’s households there, and says an unknown code is not valid', async () => {
    const asked: unknown[] = [];
    const deps = (resolve: ScanDeps['resolve'], count: number): ScanDeps => ({
      resolve,
      households: async (query) => {
        asked.push(query);
        return count;
      },
    });
    await expect(
      routeScan(
        't',
        deps(async () => building, 0),
      ),
    ).resolves.toHaveProperty('outside');
    expect(asked).toEqual([{ buildingId: 21 }]);
    await expect(
      routeScan(
        't',
        deps(async () => building, 1),
      ),
    ).resolves.toHaveProperty('url');
    const revoked = async () => {
      throw new ApiError('QR_CODE_NOT_FOUND', 'not found', 404);
    };
    await expect(routeScan('t', deps(revoked, 1))).resolves.toEqual({
      outside: expect.stringContaining('没有识别到有效的小区二维码'),
    });
    const offline = async () => {
      throw new ApiError('NETWORK_ERROR', '网络连接失败，请检查网络', null);
    };
    await expect(routeScan('t', deps(offline, 1))).rejects.toThrow('网络连接失败');
  });
});
