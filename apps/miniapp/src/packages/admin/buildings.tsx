import { useState } from 'react';
import { ENDPOINTS, type BuildingView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { AdminPage } from '../../components/admin/AdminPage';
import { RecordTable } from '../../components/admin/RecordTable';
import { cx } from '../../components/cx';
import { StatusView } from '../../components/StatusView';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useRemote } from '../../hooks/useRemote';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { allBuildings, allPages } from '../../services/admin';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.compounds;

/** 楼栋与网格: which grid (and so which grid worker) each building of a compound belongs to. */
export default function BuildingsPage() {
  const params = usePageParams();
  const compoundId = intParam(params.compoundId) ?? 0;
  // The community's grids; opened from 小区 with the community known, otherwise read off the compound.
  const compound = useRemote(
    () => call(ENDPOINTS.getCompound, { params: { id: compoundId } }),
    compoundId,
    compoundId > 0 && !params.communityId,
  );
  const communityId = intParam(params.communityId) ?? compound.data?.communityId ?? 0;
  const buildings = useRemote(() => allBuildings(compoundId), compoundId, compoundId > 0);
  const grids = useRemote(
    () => allPages((cursor) => call(ENDPOINTS.listGrids, { query: { communityId, cursor, limit: 100 } })),
    communityId,
    communityId > 0,
  );
  const [changing, setChanging] = useState<number | null>(null);

  const setGrid = useSubmit(async (b: BuildingView, gridId: number | null) => {
    setChanging(b.id);
    try {
      await call(ENDPOINTS.updateBuilding, { params: { id: b.id }, body: { version: b.version, gridId } });
      toast(zhAdmin.common.saved, 'success');
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setChanging(null);
    }
    await buildings.reload();
  });

  if (!buildings.data || !grids.data) {
    const failed = buildings.error ?? grids.error ?? compound.error;
    return (
      <AdminPage>
        {failed ? (
          <StatusView
            kind="error"
            text={failed}
            onRetry={() => void Promise.all([buildings.reload(), grids.reload(), compound.reload()])}
          />
        ) : (
          <StatusView kind="loading" />
        )}
      </AdminPage>
    );
  }
  const gridList = grids.data;
  return (
    <AdminPage testId="buildings-page">
      <RecordTable
        rows={buildings.data}
        testId="buildings"
        empty={zhAdmin.households.empty}
        rowKey={(b) => b.id}
        columns={[
          { key: 'name', title: zhAdmin.households.building, primary: true, render: (b) => b.name },
          { key: 'households', title: zhAdmin.households.title, render: (b) => String(b.householdCount) },
          { key: 'grid', title: t.grid, render: (b) => gridList.find((g) => g.id === b.gridId)?.name ?? t.noGrid },
        ]}
        actions={(b) => (
          <View className="choices">
            {[null, ...gridList].map((g) => (
              <View
                key={g?.id ?? 0}
                className={cx('chip', (g?.id ?? null) === b.gridId && 'chip--active')}
                data-testid={`building-${b.id}-grid-${g?.id ?? 0}`}
                onClick={() => {
                  if (changing === null && (g?.id ?? null) !== b.gridId) void setGrid.run(b, g?.id ?? null);
                }}
              >
                {g?.name ?? t.noGrid}
              </View>
            ))}
          </View>
        )}
      />
    </AdminPage>
  );
}
