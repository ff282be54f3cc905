import Taro from '@tarojs/taro';
import type { Role } from '@doorstep/contracts';

import { AdminPage } from '../../components/admin/AdminPage';
import { EntryGrid } from '../../components/EntryGrid';
import { Section } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { useMe } from '../../hooks/useMe';
import { useSession } from '../../hooks/useSession';
import { zhAdmin } from '../../i18n/admin';

type EntryKey = 'compounds' | 'grids' | 'coverage' | 'communities' | 'companies' | 'people';

/** What each organisation role looks after; the API enforces the same limits. */
const ENTRIES: Partial<Record<Role, EntryKey[]>> = {
  community_admin: ['compounds', 'grids', 'coverage', 'people'],
  street_admin: ['communities', 'companies', 'compounds', 'grids', 'coverage', 'people'],
  platform_admin: ['communities', 'companies', 'compounds', 'grids', 'coverage', 'people'],
};

/** Entries of 社区与街道管理 for the roles the caller holds. */
export function adminEntries(roles: Role[]): EntryKey[] {
  const keys = new Set<EntryKey>();
  for (const role of roles) for (const key of ENTRIES[role] ?? []) keys.add(key);
  return (['communities', 'companies', 'compounds', 'grids', 'coverage', 'people'] as EntryKey[]).filter((k) => keys.has(k));
}

/** 社区与街道管理: the community's, the street's and the platform's pages. */
export default function AdminHub() {
  const session = useSession();
  const me = useMe(session.user?.id ?? null);
  if (!me.data) {
    return (
      <AdminPage>
        {me.error ? <StatusView kind="error" text={me.error} onRetry={() => void me.reload()} /> : <StatusView kind="loading" />}
      </AdminPage>
    );
  }
  const entries = adminEntries(me.data.roles.map((r) => r.role));
  return (
    <AdminPage testId="admin-hub">
      {entries.length === 0 ? (
        <StatusView kind="empty" text={zhAdmin.hub.noCompounds} />
      ) : (
        <Section title={zhAdmin.hub.adminTitle}>
          <EntryGrid
            entries={entries.map((key) => ({
              key: `admin-${key}`,
              title: zhAdmin.entries[key].title,
              hint: zhAdmin.entries[key].hint,
              onOpen: () => void Taro.navigateTo({ url: `/packages/admin/${key}` }),
            }))}
          />
        </Section>
      )}
    </AdminPage>
  );
}
