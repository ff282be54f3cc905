import { useEffect, useState } from 'react';
import {
  ENDPOINTS,
  LIMITS,
  PHONE_PATTERN,
  ROLE_LABELS,
  type Role,
  type RoleAssignmentView,
  type ScopeType,
} from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { formatTime } from '../../format';
import { usePagedList } from '../../hooks/usePagedList';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { grantRoleByPhone } from '../../services/admin';
import { call, errorMessage } from '../../services/request';
import { confirmOnce, toast } from '../../services/toast';
import { Btn } from '../Btn';
import { Choices } from './Choices';
import { Field, FieldFrame } from './Field';
import { PagedRecords } from './RecordTable';

const t = zhAdmin.people;

interface Props {
  scope: { scopeType: ScopeType; scopeId: number };
  /** Roles offered in the form (the caller's grantable ones on this scope). */
  roles: Role[];
  testId: string;
  addTitle: string;
  empty: string;
  /** What removing this person means, asked once. */
  confirmRemove?: (a: RoleAssignmentView) => string;
  removed?: string;
  /** Renders list and form; the page places them (the form beside the list on a desk). */
  children: (parts: { list: JSX.Element; form: JSX.Element }) => JSX.Element;
}

/** Who holds roles on one scope (a company's staff, a grid's workers, a street's admins): add by phone, remove. */
export function RoleHolders({ scope, roles, testId, addTitle, empty, confirmRemove, removed, children }: Props) {
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.roleAssignments, { query: { ...scope, cursor, limit: 50 } }),
    `${scope.scopeType}:${scope.scopeId}`,
  );
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<Role | null>(roles[0] ?? null);
  const [problems, setProblems] = useState<{ name?: string; phone?: string }>({});
  useEffect(() => {
    if (role === null || !roles.includes(role)) setRole(roles[0] ?? null);
  }, [roles, role]);

  const add = useSubmit(async () => {
    const p: typeof problems = {};
    if (!name.trim()) p.name = zhAdmin.common.needValue;
    if (!PHONE_PATTERN.test(phone.trim())) p.phone = zhAdmin.common.badPhone;
    setProblems(p);
    if (Object.keys(p).length || !role) return;
    try {
      await grantRoleByPhone({ name: name.trim(), phone: phone.trim() }, { role, ...scope });
      toast(t.granted, 'success');
      setName('');
      setPhone('');
      await list.reload();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const remove = useSubmit(async (a: RoleAssignmentView) => {
    const question = confirmRemove ? confirmRemove(a) : t.confirmRevoke(a.userName, ROLE_LABELS[a.role]);
    if (!(await confirmOnce(question))) return;
    try {
      await call(ENDPOINTS.deleteRoleAssignment, { params: { id: a.id } });
      toast(removed ?? t.revoked, 'success');
    } catch (err) {
      toast(errorMessage(err));
    }
    await list.reload();
  });

  const form = (
    <View className="card" data-testid={`${testId}-form`}>
      <View className="section__title">{addTitle}</View>
      <Field
        label={zhAdmin.staff.name}
        value={name}
        onChange={setName}
        testId={`${testId}-name`}
        maxlength={LIMITS.nameMax}
        problem={problems.name}
      />
      <Field
        label={zhAdmin.staff.phone}
        value={phone}
        onChange={setPhone}
        testId={`${testId}-phone`}
        type="number"
        maxlength={11}
        problem={problems.phone}
      />
      {roles.length > 1 ? (
        <FieldFrame label={zhAdmin.staff.role}>
          <Choices
            items={roles.map((r) => ({ key: r, label: ROLE_LABELS[r] }))}
            value={role}
            onChange={setRole}
            testId={`${testId}-role`}
          />
        </FieldFrame>
      ) : null}
      <Btn kind="primary" block disabled={add.pending || !role} testId={`${testId}-add`} onClick={() => void add.run()}>
        {add.pending ? zhAdmin.common.saving : zhAdmin.common.add}
      </Btn>
    </View>
  );

  const table = (
    <PagedRecords
      list={list}
      testId={testId}
      empty={empty}
      rowKey={(a) => a.id}
      columns={[
        { key: 'name', title: zhAdmin.staff.name, primary: true, render: (a) => a.userName },
        { key: 'role', title: zhAdmin.staff.role, render: (a) => ROLE_LABELS[a.role] },
        { key: 'scope', title: zhAdmin.staff.scope, render: (a) => a.scopeName ?? '—' },
        { key: 'since', title: zhAdmin.qr.createdAt, render: (a) => formatTime(a.createdAt) },
      ]}
      actions={(a) => (
        <Btn
          kind="danger"
          size="small"
          disabled={remove.pending}
          testId={`${testId}-remove-${a.id}`}
          onClick={() => void remove.run(a)}
        >
          {zhAdmin.common.remove}
        </Btn>
      )}
    />
  );

  return children({ list: table, form });
}
