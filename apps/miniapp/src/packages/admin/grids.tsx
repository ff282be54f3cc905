import { useState } from 'react';
import { ENDPOINTS, type GridView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { AdminPage } from '../../components/admin/AdminPage';
import { SearchBar } from '../../components/admin/SearchBar';
import { Choices } from '../../components/admin/Choices';
import { FieldFrame } from '../../components/admin/Field';
import { NameForm } from '../../components/admin/NameForm';
import { PagedRecords } from '../../components/admin/RecordTable';
import { RoleHolders } from '../../components/admin/RoleHolders';
import { Btn } from '../../components/Btn';
import { grantableRoles } from '../../hooks/useAdminScope';
import { useMe } from '../../hooks/useMe';
import { StatusView } from '../../components/StatusView';
import { usePagedList } from '../../hooks/usePagedList';
import { useRemote } from '../../hooks/useRemote';
import { useSession } from '../../hooks/useSession';
import { zhAdmin } from '../../i18n/admin';
import { allPages } from '../../services/admin';
import { call } from '../../services/request';

const t = zhAdmin.grids;

/** 网格: a community's grids, and who works each (网格员). */
export default function GridsPage() {
  const session = useSession();
  const me = useMe(session.user?.id ?? null);
  const communities = useRemote(
    () => allPages((cursor) => call(ENDPOINTS.listCommunities, { query: { cursor, limit: 100 } })),
    'communities',
  );
  const [communityId, setCommunityId] = useState<number | null>(null);
  const community = communityId ?? communities.data?.[0]?.id ?? null;
  const [q, setQ] = useState('');
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.listGrids, { query: { communityId: community!, q: q || undefined, cursor, limit: 50 } }),
    `${community}:${q}`,
    community !== null,
  );
  const [grid, setGrid] = useState<GridView | null>(null);

  const createForm = (
    <NameForm
      title={t.addTitle}
      label={t.name}
      testId="grid"
      disabled={community === null}
      onCreate={async (name) => {
        const created = await call(ENDPOINTS.createGrid, { body: { communityId: community!, name } });
        setGrid(created);
        await list.reload();
      }}
    />
  );

  const workers = grid ? (
    <RoleHolders
      key={grid.id}
      scope={{ scopeType: 'grid', scopeId: grid.id }}
      roles={grantableRoles(me.data, 'grid')}
      testId="grid-workers"
      addTitle={`${grid.name} · ${t.addWorker}`}
      empty={t.noWorkers}
    >
      {(parts) => (
        <View>
          <View className="section__title">
            {grid.name} · {t.workers}
          </View>
          {parts.list}
          {parts.form}
        </View>
      )}
    </RoleHolders>
  ) : null;

  return (
    <AdminPage testId="grids-page" aside={workers ?? createForm}>
      <FieldFrame label={zhAdmin.compounds.community}>
        <Choices
          items={(communities.data ?? []).map((c) => ({ key: c.id, label: c.name }))}
          value={community}
          onChange={(id) => {
            setCommunityId(id);
            setGrid(null);
          }}
          testId="grids-community"
        />
      </FieldFrame>
      {communities.error ? <StatusView kind="error" text={communities.error} onRetry={() => void communities.reload()} /> : null}
      <SearchBar placeholder={zhAdmin.common.searchName} onSearch={setQ} testId="grids-search" />
      <PagedRecords
        list={list}
        testId="grids"
        empty={t.empty}
        rowKey={(g) => g.id}
        onOpen={setGrid}
        columns={[{ key: 'name', title: t.name, primary: true, render: (g) => g.name }]}
      />
      {grid ? (
        <Btn block testId="grid-new" onClick={() => setGrid(null)}>
          {t.addTitle}
        </Btn>
      ) : null}
    </AdminPage>
  );
}
