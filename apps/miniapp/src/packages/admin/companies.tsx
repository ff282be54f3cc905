import { useState } from 'react';
import { CONTACT_PHONE_PATTERN, CREDIT_CODE_PATTERN, ENDPOINTS, LIMITS, type CompanyView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { AdminPage } from '../../components/admin/AdminPage';
import { SearchBar } from '../../components/admin/SearchBar';
import { Field } from '../../components/admin/Field';
import { PagedRecords } from '../../components/admin/RecordTable';
import { RoleHolders } from '../../components/admin/RoleHolders';
import { Btn } from '../../components/Btn';
import { PhoneLink } from '../../components/PhoneLink';
import { StatusView } from '../../components/StatusView';
import { grantableRoles } from '../../hooks/useAdminScope';
import { useMe } from '../../hooks/useMe';
import { usePagedList } from '../../hooks/usePagedList';
import { useRemote } from '../../hooks/useRemote';
import { useSession } from '../../hooks/useSession';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { allCompounds } from '../../services/admin';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.companies;

/** 物业公司: companies and the compounds each serves; the street and the platform register new ones. */
export default function CompaniesPage() {
  const session = useSession();
  const me = useMe(session.user?.id ?? null);
  // Only a company's managers and the platform appoint its people (COMPANY_ROLE_CONTROLLERS).
  const companyRoles = grantableRoles(me.data, 'company', true).filter((r) => r === 'manager' || r === 'staff');
  const [q, setQ] = useState('');
  const list = usePagedList((cursor) => call(ENDPOINTS.listCompanies, { query: { q: q || undefined, cursor, limit: 20 } }), q);
  const [open, setOpen] = useState<CompanyView | null>(null);
  const served = useRemote(() => allCompounds({ companyId: open!.id }), open?.id, open !== null);
  const [draft, setDraft] = useState({ name: '', creditCode: '', contactPhone: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});

  const create = useSubmit(async () => {
    const p: Record<string, string> = {};
    if (!draft.name.trim()) p.name = zhAdmin.common.needValue;
    if (draft.contactPhone.trim() && !CONTACT_PHONE_PATTERN.test(draft.contactPhone.trim()))
      p.contactPhone = zhAdmin.common.badNumber;
    if (draft.creditCode.trim() && !CREDIT_CODE_PATTERN.test(draft.creditCode.trim().toUpperCase()))
      p.creditCode = zhAdmin.common.badNumber;
    setProblems(p);
    if (Object.keys(p).length) return;
    try {
      await call(ENDPOINTS.createCompany, {
        body: {
          name: draft.name.trim(),
          creditCode: draft.creditCode.trim().toUpperCase() || undefined,
          contactPhone: draft.contactPhone.trim() || undefined,
        },
      });
      toast(zhAdmin.common.saved, 'success');
      setDraft({ name: '', creditCode: '', contactPhone: '' });
      await list.reload();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const aside = (
    <View>
      {open ? (
        <View className="card" data-testid="company-compounds">
          <View className="section__title">
            {open.name} · {t.compounds}
          </View>
          {served.loading ? (
            <StatusView kind="loading" />
          ) : (served.data ?? []).length === 0 ? (
            <View className="muted">{t.none}</View>
          ) : (
            (served.data ?? []).map((c) => (
              <View key={c.id}>
                {c.name}（{c.communityName}）
              </View>
            ))
          )}
        </View>
      ) : null}
      {open && companyRoles.length > 0 ? (
        <RoleHolders
          key={open.id}
          scope={{ scopeType: 'company', scopeId: open.id }}
          roles={companyRoles}
          testId="company-people"
          addTitle={`${open.name} · ${zhAdmin.people.addTitle}`}
          empty={zhAdmin.people.empty}
        >
          {(parts) => (
            <View>
              {parts.list}
              {parts.form}
            </View>
          )}
        </RoleHolders>
      ) : null}
      <View className="card" data-testid="company-form">
        <View className="section__title">{t.addTitle}</View>
        <Field
          label={t.name}
          value={draft.name}
          onChange={(name) => setDraft({ ...draft, name })}
          testId="company-name"
          maxlength={LIMITS.nameMax}
          problem={problems.name}
        />
        <Field
          label={t.creditCode}
          value={draft.creditCode}
          onChange={(creditCode) => setDraft({ ...draft, creditCode })}
          testId="company-credit"
          optional
          maxlength={18}
          problem={problems.creditCode}
        />
        <Field
          label={t.contactPhone}
          value={draft.contactPhone}
          onChange={(contactPhone) => setDraft({ ...draft, contactPhone })}
          testId="company-phone"
          optional
          maxlength={20}
          problem={problems.contactPhone}
        />
        <Btn kind="primary" block disabled={create.pending} testId="company-create" onClick={() => void create.run()}>
          {create.pending ? zhAdmin.common.saving : zhAdmin.common.add}
        </Btn>
      </View>
    </View>
  );

  return (
    <AdminPage testId="companies-page" aside={aside}>
      <SearchBar placeholder={zhAdmin.common.searchName} onSearch={setQ} testId="companies-search" />
      <PagedRecords
        list={list}
        testId="companies"
        empty={t.empty}
        rowKey={(c) => c.id}
        onOpen={setOpen}
        columns={[
          { key: 'name', title: t.name, primary: true, render: (c) => c.name },
          { key: 'code', title: t.creditCode, render: (c) => c.creditCode ?? '—' },
          { key: 'phone', title: t.contactPhone, render: (c) => (c.contactPhone ? <PhoneLink phone={c.contactPhone} /> : '—') },
        ]}
      />
    </AdminPage>
  );
}
