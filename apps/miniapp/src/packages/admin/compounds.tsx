import { useState } from 'react';
import Taro from '@tarojs/taro';
import {
  COMPOUND_TYPES,
  COMPOUND_TYPE_LABELS,
  ENDPOINTS,
  LIMITS,
  MANAGEMENT_MODES,
  MANAGEMENT_MODE_LABELS,
  type CompoundType,
  type CompoundView,
  type ManagementMode,
} from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { AdminPage, showAsideForm } from '../../components/admin/AdminPage';
import { Field, FieldFrame } from '../../components/admin/Field';
import { PagedRecords } from '../../components/admin/RecordTable';
import { SearchBar } from '../../components/admin/SearchBar';
import { Btn } from '../../components/Btn';
import { StatusView } from '../../components/StatusView';
import { usePagedList } from '../../hooks/usePagedList';
import { useReloadOnReturn } from '../../hooks/useReloadOnReturn';
import { useRemote } from '../../hooks/useRemote';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { allPages } from '../../services/admin';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.compounds;

interface Draft {
  name: string;
  address: string;
  type: CompoundType;
  mode: ManagementMode;
  companyId: number | null;
}
const EMPTY: Draft = { name: '', address: '', type: 'commercial', mode: 'company', companyId: null };

/** 小区: a community's compounds — type, who manages them (company, 共享物业社, 自治) — and their buildings' grids. */
export default function CompoundsPage() {
  const communities = useRemote(
    () => allPages((cursor) => call(ENDPOINTS.listCommunities, { query: { cursor, limit: 100 } })),
    'communities',
  );
  const companies = useRemote(
    () => allPages((cursor) => call(ENDPOINTS.listCompanies, { query: { cursor, limit: 100 } })),
    'companies',
  );
  const [communityId, setCommunityId] = useState<number | null>(null);
  const community = communityId ?? communities.data?.[0]?.id ?? null;
  const [q, setQ] = useState('');
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.listCompounds, { query: { communityId: community!, q: q || undefined, cursor, limit: 20 } }),
    `${community}:${q}`,
    community !== null,
  );
  useReloadOnReturn(list.reload);
  const [editing, setEditing] = useState<CompoundView | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problems, setProblems] = useState<Record<string, string>>({});

  const edit = (c: CompoundView) => {
    showAsideForm();
    setEditing(c);
    setProblems({});
    setDraft({ name: c.name, address: c.address ?? '', type: c.type, mode: c.managementMode, companyId: c.companyId });
  };

  const save = useSubmit(async () => {
    const p: Record<string, string> = {};
    if (!draft.name.trim()) p.name = zhAdmin.common.needValue;
    if (draft.address.trim().length > LIMITS.addressMax) p.address = zhAdmin.common.tooLong(LIMITS.addressMax);
    if (draft.mode === 'company' && draft.companyId === null) p.company = t.chooseCompany;
    setProblems(p);
    if (Object.keys(p).length || community === null) return;
    const companyId = draft.mode === 'company' ? draft.companyId : null;
    try {
      if (editing) {
        await call(ENDPOINTS.updateCompound, {
          params: { id: editing.id },
          body: {
            version: editing.version,
            name: draft.name.trim(),
            address: draft.address.trim() || undefined,
            type: draft.type,
            managementMode: draft.mode,
            companyId,
          },
        });
      } else {
        await call(ENDPOINTS.createCompound, {
          body: {
            communityId: community,
            name: draft.name.trim(),
            address: draft.address.trim() || undefined,
            type: draft.type,
            managementMode: draft.mode,
            companyId: companyId ?? undefined,
          },
        });
      }
      toast(zhAdmin.common.saved, 'success');
      setEditing(null);
      setDraft(EMPTY);
      await list.reload();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const form = (
    <View className="card" data-testid="compound-form">
      <View className="section__title">{editing ? t.editTitle(editing.name) : t.addTitle}</View>
      <Field
        label={t.name}
        value={draft.name}
        onChange={(name) => setDraft({ ...draft, name })}
        testId="compound-name"
        maxlength={LIMITS.nameMax}
        problem={problems.name}
      />
      <Field
        label={t.address}
        value={draft.address}
        onChange={(address) => setDraft({ ...draft, address })}
        testId="compound-address"
        optional
        maxlength={LIMITS.addressMax}
        problem={problems.address}
      />
      <FieldFrame label={t.type}>
        <Choices
          items={COMPOUND_TYPES.map((k) => ({ key: k, label: COMPOUND_TYPE_LABELS[k] }))}
          value={draft.type}
          onChange={(k) => setDraft({ ...draft, type: k })}
          testId="compound-type"
        />
      </FieldFrame>
      <FieldFrame label={t.mode}>
        <Choices
          items={MANAGEMENT_MODES.map((k) => ({ key: k, label: MANAGEMENT_MODE_LABELS[k] }))}
          value={draft.mode}
          onChange={(k) => setDraft({ ...draft, mode: k })}
          testId="compound-mode"
        />
      </FieldFrame>
      {draft.mode === 'company' ? (
        <FieldFrame label={t.company} problem={problems.company}>
          <Choices
            items={(companies.data ?? []).map((c) => ({ key: c.id, label: c.name }))}
            value={draft.companyId}
            onChange={(key) => setDraft({ ...draft, companyId: key })}
            testId="compound-company"
          />
        </FieldFrame>
      ) : null}
      <View className="admin-toolbar">
        <Btn kind="primary" disabled={save.pending || community === null} testId="compound-save" onClick={() => void save.run()}>
          {save.pending ? zhAdmin.common.saving : zhAdmin.common.save}
        </Btn>
        {editing ? (
          <>
            <Btn
              testId="compound-buildings"
              onClick={() =>
                void Taro.navigateTo({
                  url: `/packages/admin/buildings?compoundId=${editing.id}&communityId=${editing.communityId}`,
                })
              }
            >
              {t.buildings}
            </Btn>
            <Btn
              onClick={() => {
                setEditing(null);
                setDraft(EMPTY);
              }}
            >
              {zhAdmin.common.cancelEdit}
            </Btn>
          </>
        ) : null}
      </View>
    </View>
  );

  return (
    <AdminPage testId="compounds-page" aside={form}>
      <FieldFrame label={t.community}>
        <Choices
          items={(communities.data ?? []).map((c) => ({ key: c.id, label: c.name }))}
          value={community}
          onChange={(key) => setCommunityId(key)}
          testId="community"
        />
      </FieldFrame>
      {communities.error ? <StatusView kind="error" text={communities.error} onRetry={() => void communities.reload()} /> : null}
      <SearchBar placeholder={zhAdmin.common.searchName} onSearch={setQ} testId="compounds-search" />
      <PagedRecords
        list={list}
        testId="compounds"
        empty={t.empty}
        rowKey={(c) => c.id}
        onOpen={edit}
        columns={[
          { key: 'name', title: t.name, primary: true, render: (c) => c.name },
          { key: 'type', title: t.type, render: (c) => COMPOUND_TYPE_LABELS[c.type] },
          { key: 'mode', title: t.mode, render: (c) => MANAGEMENT_MODE_LABELS[c.managementMode] },
          { key: 'company', title: t.company, render: (c) => c.companyName ?? t.noCompany },
        ]}
      />
    </AdminPage>
  );
}
