import { useState } from 'react';
import { ENDPOINTS, type BuildingView } from '@doorstep/contracts';

import { Choices } from '../../components/admin/Choices';
import { FieldFrame } from '../../components/admin/Field';
import { StatusView } from '../../components/StatusView';
import { useMe } from '../../hooks/useMe';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useRemote } from '../../hooks/useRemote';
import { useSession } from '../../hooks/useSession';
import { zhLeader } from '../../i18n/leader';
import { call } from '../../services/request';

/**
 * The building the 楼长 works on: the one named by `?buildingId=`, else their first; chips to switch when
 * they lead several. Renders `children` once the building (and so its compound) is known.
 */
export function LeaderBuilding({ children }: { children: (building: BuildingView) => JSX.Element }) {
  const session = useSession();
  const me = useMe(session.user?.id ?? null);
  const [chosen, setChosen] = useState(intParam(usePageParams().buildingId));
  const mine = (me.data?.roles ?? []).filter((r) => r.role === 'building_leader' && r.scopeType === 'building');
  const current = mine.find((r) => r.scopeId === chosen) ?? mine[0] ?? null;
  const building = useRemote(
    () => call(ENDPOINTS.getBuilding, { params: { id: current!.scopeId } }),
    current?.scopeId ?? null,
    current !== null,
  );
  const failed = me.error ?? building.error;
  if (failed) return <StatusView kind="error" text={failed} onRetry={() => void (me.error ? me.reload() : building.reload())} />;
  if (!me.data) return <StatusView kind="loading" />;
  if (!current) return <StatusView kind="empty" text={zhLeader.noBuilding} />;
  return (
    <>
      {mine.length > 1 ? (
        <FieldFrame label={zhLeader.building}>
          <Choices
            items={mine.map((r) => ({ key: r.scopeId, label: r.scopeName ?? String(r.scopeId) }))}
            value={current.scopeId}
            onChange={setChosen}
            testId="leader-building"
          />
        </FieldFrame>
      ) : null}
      {building.data?.id === current.scopeId ? children(building.data) : <StatusView kind="loading" />}
    </>
  );
}
