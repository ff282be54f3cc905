import { useState } from 'react';
import { ENDPOINTS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { AdminPage } from '../../components/admin/AdminPage';
import { SearchBar } from '../../components/admin/SearchBar';
import { Choices } from '../../components/admin/Choices';
import { FieldFrame } from '../../components/admin/Field';
import { NameForm } from '../../components/admin/NameForm';
import { PagedRecords } from '../../components/admin/RecordTable';
import { StatusView } from '../../components/StatusView';
import { formatTime } from '../../format';
import { scopesWith } from '../../hooks/useAdminScope';
import { useMe } from '../../hooks/useMe';
import { usePagedList } from '../../hooks/usePagedList';
import { useRemote } from '../../hooks/useRemote';
import { useSession } from '../../hooks/useSession';
import { zhAdmin } from '../../i18n/admin';
import { allPages } from '../../services/admin';
import { call } from '../../services/request';

const t = zhAdmin.communities;

/** 社区: the communities of the streets in the caller's scope; the platform also adds streets. */
export default function CommunitiesPage() {
  const session = useSession();
  const me = useMe(session.user?.id ?? null);
  const streets = useRemote(
    () => allPages((cursor) => call(ENDPOINTS.listStreets, { query: { cursor, limit: 100 } })),
    'streets',
  );
  const [streetId, setStreetId] = useState<number | null>(null);
  const street = streetId ?? streets.data?.[0]?.id ?? null;
  const [q, setQ] = useState('');
  const list = usePagedList(
    (cursor) =>
      call(ENDPOINTS.listCommunities, { query: { streetId: street ?? undefined, q: q || undefined, cursor, limit: 20 } }),
    `${street}:${q}`,
    street !== null,
  );

  const forms = (
    <View>
      <NameForm
        title={t.addTitle}
        label={t.name}
        testId="community"
        disabled={street === null}
        onCreate={async (name) => {
          await call(ENDPOINTS.createCommunity, { body: { streetId: street!, name } });
          await list.reload();
        }}
      />
      {scopesWith(me.data, 'street.write').length > 0 ? (
        <NameForm
          title={t.addStreet}
          label={t.streetName}
          testId="street"
          onCreate={async (name) => {
            const created = await call(ENDPOINTS.createStreet, { body: { name } });
            await streets.reload();
            setStreetId(created.id);
          }}
        />
      ) : null}
    </View>
  );

  return (
    <AdminPage testId="communities-page" aside={forms}>
      <FieldFrame label={t.street}>
        <Choices
          items={(streets.data ?? []).map((s) => ({ key: s.id, label: s.name }))}
          value={street}
          onChange={setStreetId}
          testId="street"
        />
      </FieldFrame>
      {streets.error ? <StatusView kind="error" text={streets.error} onRetry={() => void streets.reload()} /> : null}
      <SearchBar placeholder={zhAdmin.common.searchName} onSearch={setQ} testId="communities-search" />
      <PagedRecords
        list={list}
        testId="communities"
        empty={t.empty}
        rowKey={(c) => c.id}
        columns={[
          { key: 'name', title: t.name, primary: true, render: (c) => c.name },
          { key: 'at', title: zhAdmin.qr.createdAt, render: (c) => formatTime(c.createdAt) },
        ]}
      />
    </AdminPage>
  );
}
