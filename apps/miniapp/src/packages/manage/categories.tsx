import { useState } from 'react';
import {
  ENDPOINTS,
  LIMITS,
  TICKET_KINDS,
  TICKET_KIND_LABELS,
  TICKET_PRIORITIES,
  TICKET_PRIORITY_LABELS,
  type CategorySettingView,
  type TicketKind,
  type TicketPriority,
} from '@doorstep/contracts';
import { Switch, View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { AdminPage, showAsideForm } from '../../components/admin/AdminPage';
import { Field, FieldFrame } from '../../components/admin/Field';
import { RecordTable } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { StatusView } from '../../components/StatusView';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useRemote } from '../../hooks/useRemote';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { setCategorySetting } from '../../services/admin';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.categories;

/** A whole number within 1…max, or null. */
function whole(text: string, max: number): number | null {
  if (!/^\d{1,4}$/.test(text.trim())) return null;
  const n = Number(text);
  return n >= 1 && n <= max ? n : null;
}

interface Draft {
  name: string;
  kind: TicketKind;
  priority: TicketPriority;
  accept: string;
  resolve: string;
  active: boolean;
}

const NEW_CATEGORY: Draft = { name: '', kind: 'repair', priority: 'normal', accept: '10', resolve: '', active: true };

/** 类别与时限: what residents can report here, and how fast each must be accepted and resolved. */
export default function CategoriesPage() {
  const compoundId = intParam(usePageParams().compoundId) ?? 0;
  const list = useRemote(() => call(ENDPOINTS.categorySettings, { params: { id: compoundId } }), compoundId, compoundId > 0);
  const [editing, setEditing] = useState<CategorySettingView | null>(null);
  const [draft, setDraft] = useState<Draft>(NEW_CATEGORY);
  const [problems, setProblems] = useState<Partial<Record<keyof Draft, string>>>({});

  /** Back to an empty 新增 form: what was edited must not become a new category by one tap. */
  const stopEditing = () => {
    setEditing(null);
    setDraft(NEW_CATEGORY);
    setProblems({});
  };

  const startEdit = (c: CategorySettingView) => {
    showAsideForm();
    setEditing(c);
    setProblems({});
    setDraft({
      name: c.name,
      kind: c.kind,
      priority: c.priority,
      accept: String(c.acceptMinutes),
      resolve: c.resolveHours ? String(c.resolveHours) : '',
      active: c.active,
    });
  };

  const save = useSubmit(async () => {
    const p: typeof problems = {};
    const accept = whole(draft.accept, LIMITS.acceptMinutesMax);
    const resolve = draft.resolve.trim() ? whole(draft.resolve, LIMITS.resolveHoursMax) : null;
    if (accept === null) p.accept = `${zhAdmin.common.badNumber}（1–${LIMITS.acceptMinutesMax}）`;
    if (draft.resolve.trim() && resolve === null) p.resolve = `${zhAdmin.common.badNumber}（1–${LIMITS.resolveHoursMax}）`;
    if (!editing && !draft.name.trim()) p.name = zhAdmin.common.needValue;
    setProblems(p);
    if (Object.keys(p).length) return;
    try {
      if (editing)
        await setCategorySetting(compoundId, editing.id, { acceptMinutes: accept!, resolveHours: resolve, active: draft.active });
      else
        await call(ENDPOINTS.createCategory, {
          body: {
            compoundId,
            kind: draft.kind,
            name: draft.name.trim(),
            priority: draft.priority,
            acceptMinutes: accept!,
            resolveHours: resolve,
          },
        });
      toast(zhAdmin.common.saved, 'success');
      stopEditing();
      await list.reload();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const form = (
    <View className="card" data-testid="category-form">
      <View className="section__title">{editing ? t.editTitle(editing.name) : t.addTitle}</View>
      {editing ? null : (
        <>
          <Field
            label={t.name}
            value={draft.name}
            onChange={(name) => setDraft({ ...draft, name })}
            testId="category-name"
            maxlength={32}
            problem={problems.name}
          />
          <FieldFrame label={t.kind}>
            <Choices
              items={TICKET_KINDS.map((k) => ({ key: k, label: TICKET_KIND_LABELS[k] }))}
              value={draft.kind}
              onChange={(kind) => setDraft({ ...draft, kind })}
              testId="category-kind"
            />
          </FieldFrame>
          <FieldFrame label={t.priority}>
            <Choices
              items={TICKET_PRIORITIES.map((k) => ({ key: k, label: TICKET_PRIORITY_LABELS[k] }))}
              value={draft.priority}
              onChange={(priority) => setDraft({ ...draft, priority })}
              testId="category-priority"
            />
          </FieldFrame>
        </>
      )}
      <Field
        label={t.accept}
        value={draft.accept}
        onChange={(accept) => setDraft({ ...draft, accept })}
        testId="category-accept"
        type="number"
        problem={problems.accept}
      />
      <Field
        label={t.resolve}
        value={draft.resolve}
        onChange={(resolve) => setDraft({ ...draft, resolve })}
        testId="category-resolve"
        type="number"
        optional
        placeholder={t.resolveSameDay}
        problem={problems.resolve}
      />
      <View className="muted" style={{ marginBottom: '16px' }}>
        {t.sameDayHint}
      </View>
      {editing ? (
        <FieldFrame label={t.state}>
          <Switch
            className="switch"
            checked={draft.active}
            data-testid="category-active"
            onChange={(e) => setDraft({ ...draft, active: e.detail.value })}
          />
        </FieldFrame>
      ) : null}
      <View className="admin-toolbar">
        <Btn kind="primary" disabled={save.pending} testId="category-save" onClick={() => void save.run()}>
          {save.pending ? zhAdmin.common.saving : zhAdmin.common.save}
        </Btn>
        {editing ? <Btn onClick={stopEditing}>{zhAdmin.common.cancelEdit}</Btn> : null}
      </View>
    </View>
  );

  return (
    <AdminPage testId="categories-page" aside={form}>
      {list.loading && !list.data ? <StatusView kind="loading" /> : null}
      {list.error ? <StatusView kind="error" text={list.error} onRetry={() => void list.reload()} /> : null}
      {list.data ? (
        <RecordTable
          rows={list.data}
          testId="categories"
          empty={t.empty}
          rowKey={(c) => c.id}
          onOpen={startEdit}
          columns={[
            { key: 'name', title: t.name, primary: true, render: (c) => c.name },
            {
              key: 'kind',
              title: t.kind,
              render: (c) =>
                `${TICKET_KIND_LABELS[c.kind]} · ${c.shared ? t.shared : t.own}${c.overridden ? ` · ${t.changed}` : ''}`,
            },
            { key: 'accept', title: t.accept, render: (c) => String(c.acceptMinutes) },
            { key: 'resolve', title: t.resolve, render: (c) => (c.resolveHours ? String(c.resolveHours) : t.resolveSameDay) },
            {
              key: 'state',
              title: t.state,
              render: (c) => (
                <View className={c.active ? 'admin-badge' : 'admin-badge admin-badge--off'}>{c.active ? t.on : t.off}</View>
              ),
            },
          ]}
        />
      ) : null}
    </AdminPage>
  );
}
