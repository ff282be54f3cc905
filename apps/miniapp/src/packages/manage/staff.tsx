import { ENDPOINTS, type CompoundView, type MeView, type ScopeType } from '@doorstep/contracts';

import { AdminPage } from '../../components/admin/AdminPage';
import { RoleHolders } from '../../components/admin/RoleHolders';
import { StatusView } from '../../components/StatusView';
import { assignsOn, grantableRoles } from '../../hooks/useAdminScope';
import { useMe } from '../../hooks/useMe';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useRemote } from '../../hooks/useRemote';
import { useSession } from '../../hooks/useSession';
import { zhAdmin } from '../../i18n/admin';
import { call } from '../../services/request';

const t = zhAdmin.staff;

/**
 * Who works a compound's tickets: its company's people when the caller runs the company, else the
 * people of the compound itself (a manager of one compound; 共享物业社, 自治).
 */
function staffScope(me: MeView, compound: CompoundView): { scopeType: ScopeType; scopeId: number } {
  return compound.companyId && assignsOn(me, 'company', compound.companyId)
    ? { scopeType: 'company', scopeId: compound.companyId }
    : { scopeType: 'compound', scopeId: compound.id };
}

/** 员工: the people who handle this compound's tickets; add by phone, remove (their open tickets go back). */
export default function StaffPage() {
  const compoundId = intParam(usePageParams().compoundId) ?? 0;
  const session = useSession();
  const me = useMe(session.user?.id ?? null);
  const compound = useRemote(() => call(ENDPOINTS.getCompound, { params: { id: compoundId } }), compoundId, compoundId > 0);
  const failed = compound.error ?? me.error;
  if (failed) {
    return (
      <AdminPage>
        <StatusView kind="error" text={failed} onRetry={() => void Promise.all([compound.reload(), me.reload()])} />
      </AdminPage>
    );
  }
  if (!compound.data || !me.data) {
    return (
      <AdminPage>
        <StatusView kind="loading" />
      </AdminPage>
    );
  }
  const scope = staffScope(me.data, compound.data);
  const roles = grantableRoles(me.data, scope.scopeType, compound.data.companyId !== null).filter(
    (r) => r === 'staff' || r === 'manager',
  );
  return (
    <RoleHolders
      scope={scope}
      roles={roles}
      testId="staff"
      addTitle={t.addTitle}
      empty={t.empty}
      confirmRemove={(a) => t.confirmRemove(a.userName)}
      removed={t.removed}
    >
      {({ list, form }) => (
        <AdminPage testId="staff-page" aside={form}>
          {list}
        </AdminPage>
      )}
    </RoleHolders>
  );
}
