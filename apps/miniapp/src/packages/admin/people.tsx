import { useState } from 'react';

import { Choices } from '../../components/admin/Choices';
import { AdminPage } from '../../components/admin/AdminPage';
import { FieldFrame } from '../../components/admin/Field';
import { RoleHolders } from '../../components/admin/RoleHolders';
import { StatusView } from '../../components/StatusView';
import { grantableRoles, scopesWith } from '../../hooks/useAdminScope';
import { useMe } from '../../hooks/useMe';
import { useSession } from '../../hooks/useSession';
import { zhAdmin } from '../../i18n/admin';
import { BuildingLeaders } from './BuildingLeaders';

const t = zhAdmin.people;

/** 人员与角色: who holds which role on the scopes where the caller hands out roles; grant by phone, revoke. */
export default function PeoplePage() {
  const session = useSession();
  const me = useMe(session.user?.id ?? null);
  const scopes = scopesWith(me.data, 'role.assign');
  const [chosen, setChosen] = useState(0);
  if (!me.data)
    return (
      <AdminPage>
        {me.error ? <StatusView kind="error" text={me.error} onRetry={() => void me.reload()} /> : <StatusView kind="loading" />}
      </AdminPage>
    );
  if (scopes.length === 0)
    return (
      <AdminPage>
        <StatusView kind="empty" text={t.empty} />
      </AdminPage>
    );
  const scope = scopes[Math.min(chosen, scopes.length - 1)];
  const mine = me.data;
  return (
    <RoleHolders
      key={scope.id}
      scope={{ scopeType: scope.scopeType, scopeId: scope.scopeId }}
      roles={grantableRoles(mine, scope.scopeType)}
      testId="people"
      addTitle={t.addTitle}
      empty={t.empty}
    >
      {({ list, form }) => (
        <AdminPage testId="people-page" aside={form}>
          {scopes.length > 1 ? (
            <FieldFrame label={t.scope}>
              <Choices
                items={scopes.map((s, i) => ({ key: i, label: s.scopeName ?? t.scope }))}
                value={scopes.indexOf(scope)}
                onChange={setChosen}
                testId="people-scope"
              />
            </FieldFrame>
          ) : null}
          {list}
          <BuildingLeaders me={mine} />
        </AdminPage>
      )}
    </RoleHolders>
  );
}
