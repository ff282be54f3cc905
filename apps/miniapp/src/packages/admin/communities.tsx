import { useState } from 'react';
import { ENDPOINTS, LIMITS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { AdminPage } from '../../components/admin/AdminPage';
import { Field, FieldFrame } from '../../components/admin/Field';
import { PagedRecords } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { formatTime } from '../../format';
import { usePagedList } from '../../hooks/usePagedList';
import { useRemote } from '../../hooks/useRemote';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { allPages } from '../../services/admin';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.communities;

/** 社区: the communities of the streets in the caller's scope; the platform also adds streets. */
export default function CommunitiesPage() {
  const streets = useRemote(
    () => allPages((cursor) => call(ENDPOINTS.listStreets, { query: { cursor, limit: 100 } })),
    'streets',
  );
  const [streetId, setStreetId] = useState<number | null>(null);
  const street = streetId ?? streets.data?.[0]?.id ?? null;
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.listCommunities, { query: { streetId: street ?? undefined, cursor, limit: 20 } }),
    street,
    street !== null,
  );
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const create = useSubmit(async () => {
    if (!name.trim()) return setProblem(zhAdmin.common.needValue);
    if (name.trim().length > LIMITS.nameMax) return setProblem(zhAdmin.common.tooLong(LIMITS.nameMax));
    setProblem(null);
    try {
      await call(ENDPOINTS.createCommunity, { body: { streetId: street!, name: name.trim() } });
      toast(zhAdmin.common.saved, 'success');
      setName('');
      await list.reload();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const form = (
    <View className="card" data-testid="community-form">
      <View className="section__title">{t.addTitle}</View>
      <Field
        label={t.name}
        value={name}
        onChange={setName}
        testId="community-name"
        maxlength={LIMITS.nameMax}
        problem={problem}
      />
      <Btn
        kind="primary"
        block
        disabled={create.pending || street === null}
        testId="community-create"
        onClick={() => void create.run()}
      >
        {create.pending ? zhAdmin.common.saving : zhAdmin.common.add}
      </Btn>
    </View>
  );

  return (
    <AdminPage testId="communities-page" aside={form}>
      <FieldFrame label={t.street}>
        <Choices
          items={(streets.data ?? []).map((s) => ({ key: s.id, label: s.name }))}
          value={street}
          onChange={(key) => setStreetId(key)}
          testId="street"
        />
      </FieldFrame>
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
