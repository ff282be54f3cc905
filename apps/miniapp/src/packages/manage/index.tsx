import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { ENDPOINTS } from '@doorstep/contracts';

import { Choices } from '../../components/admin/Choices';
import { AdminPage } from '../../components/admin/AdminPage';
import { EntryGrid } from '../../components/EntryGrid';
import { Section } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { useManagedCompounds } from '../../hooks/useAdminScope';
import { useBadges } from '../../hooks/useBadges';
import { useMe } from '../../hooks/useMe';
import { useRemote } from '../../hooks/useRemote';
import { useSession } from '../../hooks/useSession';
import { zhAdmin } from '../../i18n/admin';
import { call } from '../../services/request';

const CHOSEN_KEY = 'manage.compoundId';
type EntryKey = 'claims' | 'households' | 'qr' | 'staff' | 'categories' | 'search' | 'phoneReport' | 'billing';
const ENTRIES: EntryKey[] = ['claims', 'phoneReport', 'search', 'billing', 'households', 'qr', 'staff', 'categories'];
const PAGES: Record<EntryKey, string> = {
  claims: '/packages/manage/claims',
  households: '/packages/manage/households',
  qr: '/packages/manage/qr',
  staff: '/packages/manage/staff',
  categories: '/packages/manage/categories',
  search: '/packages/manage/search',
  phoneReport: '/packages/manage/phone-report',
  billing: '/packages/billing/manage',
};

/** 物业管理: the manager's (and the community's, for the compounds it runs) pages for one compound. */
export default function ManageHub() {
  const session = useSession();
  const me = useMe(session.signedIn ? (session.user?.id ?? 0) : null);
  const compounds = useManagedCompounds(me.data);
  const badges = useBadges();
  const [chosen, setChosen] = useState<number | null>(() => Number(Taro.getStorageSync(CHOSEN_KEY)) || null);
  const list = compounds.data ?? [];
  const compound = list.find((c) => c.id === chosen) ?? list[0];

  useEffect(() => {
    if (compound) Taro.setStorageSync(CHOSEN_KEY, compound.id);
  }, [compound]);

  const pending = useRemote(
    async () => {
      const page = await call(ENDPOINTS.listMemberships, { query: { compoundId: compound!.id, status: 'pending', limit: 100 } });
      return page.items.length;
    },
    compound?.id,
    compound !== undefined,
  );
  useDidShow(() => void pending.reload());

  if (me.loading || compounds.loading)
    return (
      <AdminPage>
        <StatusView kind="loading" />
      </AdminPage>
    );
  if (compounds.error)
    return (
      <AdminPage>
        <StatusView kind="error" text={compounds.error} onRetry={() => void compounds.reload()} />
      </AdminPage>
    );
  if (!compound)
    return (
      <AdminPage>
        <StatusView kind="empty" text={zhAdmin.hub.noCompounds} />
      </AdminPage>
    );

  const hint = (key: EntryKey): string => {
    if (key === 'claims' && pending.data) return zhAdmin.hub.pending(pending.data);
    if (key === 'search' && badges?.inbox?.open) return zhAdmin.hub.open(badges.inbox.open);
    return zhAdmin.entries[key].hint;
  };

  return (
    <AdminPage testId="manage-hub">
      {list.length > 1 ? (
        <Section title={zhAdmin.hub.chooseCompound}>
          <Choices
            items={list.map((c) => ({ key: c.id, label: c.name }))}
            value={compound.id}
            onChange={setChosen}
            testId="manage-compound"
          />
        </Section>
      ) : null}
      <Section title={compound.name}>
        <EntryGrid
          entries={ENTRIES.map((key) => ({
            key: `manage-${key}`,
            title: zhAdmin.entries[key].title,
            hint: hint(key),
            onOpen: () => void Taro.navigateTo({ url: `${PAGES[key]}?compoundId=${compound.id}` }),
          }))}
        />
      </Section>
    </AdminPage>
  );
}
