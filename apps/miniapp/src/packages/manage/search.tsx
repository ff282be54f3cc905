import { useState } from 'react';
import Taro from '@tarojs/taro';
import {
  ENDPOINTS,
  TICKET_KINDS,
  TICKET_KIND_LABELS,
  type TicketKind,
  type TicketSearchQuery,
  type TicketStatusGroup,
} from '@doorstep/contracts';
import { Picker, View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { SearchBar } from '../../components/admin/SearchBar';
import { AdminPage } from '../../components/admin/AdminPage';
import { PagedRecords } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { cx } from '../../components/cx';
import { StatusBadge } from '../../components/StatusBadge';
import { formatTime, shanghaiDate, shanghaiToIso } from '../../format';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { usePagedList } from '../../hooks/usePagedList';
import { useReloadOnReturn } from '../../hooks/useReloadOnReturn';
import { useRemote } from '../../hooks/useRemote';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { allBuildings } from '../../services/admin';
import { deliverFile, fileUrl } from '../../services/files';
import { ticketPage } from '../../services/navigation';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.search;

/** A Shanghai calendar month (YYYY-MM) as the API's creation-time window, to exclusive. */
export function monthWindow(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: shanghaiToIso(`${month}-01`, '00:00'), to: shanghaiToIso(`${next}-01`, '00:00') };
}

interface Filters {
  group?: TicketStatusGroup;
  kind?: TicketKind;
  categoryId?: number;
  buildingId?: number;
  month?: string;
  breached: boolean;
  q: string;
}

/** 工单查询: every ticket of the compound, closed ones too, by any mix of filters; the result as XLSX. */
export default function SearchPage() {
  const compoundId = intParam(usePageParams().compoundId) ?? 0;
  const buildings = useRemote(() => allBuildings(compoundId), compoundId, compoundId > 0);
  const categories = useRemote(
    () => call(ENDPOINTS.categorySettings, { params: { id: compoundId } }),
    compoundId,
    compoundId > 0,
  );
  const [f, setF] = useState<Filters>({ breached: false, q: '' });

  const query: TicketSearchQuery = {
    compoundId,
    group: f.group,
    kind: f.kind,
    categoryId: f.categoryId,
    buildingId: f.buildingId,
    breached: f.breached ? 'true' : undefined,
    q: f.q || undefined,
    ...(f.month ? monthWindow(f.month) : {}),
  };
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.searchTickets, { query: { ...query, cursor, limit: 20 } }),
    JSON.stringify(query),
    compoundId > 0,
  );
  useReloadOnReturn(list.reload);

  const exportAll = useSubmit(async () => {
    try {
      await deliverFile(fileUrl(ENDPOINTS.exportTickets, undefined, query), 'xlsx', `工单-${f.month ?? shanghaiDate()}.xlsx`);
      toast(t.exported, 'success');
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  /** A row of filter chips with 全部 first, which clears the filter. */
  const chips = <K extends string | number>(
    items: Array<{ key: K; label: string }>,
    value: K | undefined,
    set: (v: K | undefined) => void,
    id: string,
  ) => (
    <Choices
      items={items}
      value={value}
      onChange={set}
      testId={id}
      all={{ label: zhAdmin.common.all, onClear: () => set(undefined) }}
    />
  );

  const categoryList = categories.data ?? [];
  const categoryIndex = categoryList.findIndex((c) => c.id === f.categoryId);

  return (
    <AdminPage testId="search-page">
      <View className="card">
        <SearchBar placeholder={t.text} onSearch={(q) => setF({ ...f, q })} testId="search-text" />
        {chips(
          (Object.keys(t.groups) as TicketStatusGroup[]).map((g) => ({ key: g, label: t.groups[g] })),
          f.group,
          (group) => setF({ ...f, group }),
          'search-group',
        )}
        {chips(
          TICKET_KINDS.map((k) => ({ key: k, label: TICKET_KIND_LABELS[k] })),
          f.kind,
          (kind) => setF({ ...f, kind }),
          'search-kind',
        )}
        {chips(
          (buildings.data ?? []).map((b) => ({ key: b.id, label: b.name })),
          f.buildingId,
          (buildingId) => setF({ ...f, buildingId }),
          'search-building',
        )}
        <View className="admin-toolbar">
          <Picker
            mode="selector"
            range={categoryList.map((c) => c.name)}
            value={Math.max(0, categoryIndex)}
            onChange={(e) => setF({ ...f, categoryId: categoryList[Number(e.detail.value)]?.id })}
          >
            <View className={cx('chip', categoryIndex >= 0 && 'chip--active')} data-testid="search-category">
              {categoryIndex >= 0 ? categoryList[categoryIndex].name : t.category}
            </View>
          </Picker>
          <Picker
            mode="date"
            fields="month"
            value={f.month ?? shanghaiDate().slice(0, 7)}
            onChange={(e) => setF({ ...f, month: String(e.detail.value).slice(0, 7) })}
          >
            <View className={cx('chip', f.month !== undefined && 'chip--active')} data-testid="search-month">
              {f.month ?? t.month}
            </View>
          </Picker>
          <View
            className={cx('chip', f.breached && 'chip--active')}
            data-testid="search-breached"
            onClick={() => setF({ ...f, breached: !f.breached })}
          >
            {t.breached}
          </View>
          {f.categoryId || f.month ? (
            <View
              className="chip"
              data-testid="search-clear"
              onClick={() => setF({ ...f, categoryId: undefined, month: undefined })}
            >
              {zhAdmin.common.all}
            </View>
          ) : null}
          <Btn kind="primary" disabled={exportAll.pending} testId="search-export" onClick={() => void exportAll.run()}>
            {exportAll.pending ? t.exporting : t.export}
          </Btn>
        </View>
      </View>
      <PagedRecords
        list={list}
        testId="search-results"
        empty={t.empty}
        rowKey={(x) => x.id}
        onOpen={(x) => void Taro.navigateTo({ url: ticketPage.staff(x.id) })}
        columns={[
          { key: 'what', title: t.category, primary: true, render: (x) => `${x.categoryName} · ${x.placeLabel}` },
          { key: 'number', title: t.number, render: (x) => String(x.id) },
          { key: 'status', title: t.status, render: (x) => <StatusBadge status={x.status} duplicateOfId={x.duplicateOfId} /> },
          { key: 'desc', title: zhAdmin.phoneReport.description, render: (x) => x.description },
          { key: 'handler', title: t.handler, render: (x) => x.assigneeName ?? x.handlerName },
          { key: 'at', title: t.createdAt, render: (x) => formatTime(x.createdAt) },
        ]}
      />
    </AdminPage>
  );
}
