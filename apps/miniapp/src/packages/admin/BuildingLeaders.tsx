import { useState } from 'react';
import type { MeView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { FieldFrame } from '../../components/admin/Field';
import { RoleHolders } from '../../components/admin/RoleHolders';
import { StatusView } from '../../components/StatusView';
import { grantableRoles } from '../../hooks/useAdminScope';
import { useRemote } from '../../hooks/useRemote';
import { zhAdmin } from '../../i18n/admin';
import { allBuildings, allCompounds } from '../../services/admin';

const t = zhAdmin.people;

/** 楼长/单元长: pick a compound and one of its buildings, then appoint or dismiss its leaders by phone. */
export function BuildingLeaders({ me }: { me: MeView }) {
  const roles = grantableRoles(me, 'building');
  const compounds = useRemote(() => allCompounds(), 'compounds', roles.length > 0);
  const [compoundId, setCompoundId] = useState<number | null>(null);
  const compound = compoundId ?? compounds.data?.[0]?.id ?? null;
  const buildings = useRemote(() => allBuildings(compound!), compound, compound !== null);
  const [buildingId, setBuildingId] = useState<number | null>(null);
  const building = buildings.data?.find((b) => b.id === buildingId) ?? buildings.data?.[0] ?? null;
  if (roles.length === 0) return null;
  const failed = compounds.error ?? buildings.error;
  return (
    <View className="card" data-testid="building-leaders">
      <View className="section__title">{t.leaders}</View>
      <View className="muted" style={{ marginBottom: '12px' }}>
        {t.leadersHint}
      </View>
      {failed ? (
        <StatusView kind="error" text={failed} onRetry={() => void (compounds.error ? compounds.reload() : buildings.reload())} />
      ) : null}
      <FieldFrame label={t.compound}>
        <Choices
          items={(compounds.data ?? []).map((c) => ({ key: c.id, label: c.name }))}
          value={compound}
          onChange={(id) => {
            setCompoundId(id);
            setBuildingId(null);
          }}
          testId="leaders-compound"
        />
      </FieldFrame>
      {buildings.data && buildings.data.length === 0 ? <StatusView kind="empty" text={t.noBuildings} /> : null}
      {buildings.data?.length ? (
        <FieldFrame label={t.building}>
          <Choices
            items={buildings.data.map((b) => ({ key: b.id, label: b.name }))}
            value={building?.id ?? null}
            onChange={setBuildingId}
            testId="leaders-building"
          />
        </FieldFrame>
      ) : null}
      {building ? (
        <RoleHolders
          key={building.id}
          scope={{ scopeType: 'building', scopeId: building.id }}
          roles={roles}
          testId="leaders"
          addTitle={t.addLeader(building.name)}
          empty={t.noLeaders}
        >
          {(parts) => (
            <View>
              {parts.list}
              {parts.form}
            </View>
          )}
        </RoleHolders>
      ) : null}
    </View>
  );
}
