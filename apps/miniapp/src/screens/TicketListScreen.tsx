import { useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { TicketStatusGroup, TicketView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Btn } from '../components/Btn';
import { InboxItem } from '../components/InboxItem';
import { Screen } from '../components/Screen';
import { StatusView } from '../components/StatusView';
import { Tabs } from '../components/Tabs';
import { TicketCard } from '../components/TicketCard';
import { WorkCount } from '../components/WorkCount';
import { useBadges } from '../hooks/useBadges';
import { useNow } from '../hooks/useNow';
import { useReloadOnReturn } from '../hooks/useReloadOnReturn';
import { usePagedList, type PagedListState } from '../hooks/usePagedList';
import { useSession } from '../hooks/useSession';
import { zh } from '../i18n/zh';
import { ticketPage } from '../services/navigation';
import { listTickets, type TicketListKind } from '../services/tickets';

const PAGE_SIZE = 20;

type MineTab = keyof typeof zh.tickets.tabs;
/** Each tab is a status group the API filters by (TICKET_STATUS_GROUPS in contracts); 我关注的 is its own list. */
const MINE_TABS: Record<Exclude<MineTab, 'following'>, TicketStatusGroup | undefined> = {
  all: undefined,
  open: 'open',
  toRate: 'to_rate',
  ended: 'ended',
};

const EMPTY: Record<TicketListKind, string> = {
  mine: zh.tickets.empty,
  following: zh.tickets.emptyFollowing,
  inbox: zh.tickets.emptyInbox,
  tasks: zh.tickets.emptyTasks,
  supervision: zh.tickets.emptySupervision,
};

/** The resident's own tickets, grouped by where they stand. */
export function MyTicketsScreen() {
  const session = useSession();
  const [tab, setTab] = useState<MineTab>('all');
  const list = usePagedList(
    (cursor) =>
      tab === 'following'
        ? listTickets('following', { cursor, limit: PAGE_SIZE })
        : listTickets('mine', { cursor, limit: PAGE_SIZE, group: MINE_TABS[tab] }),
    `${session.user?.id}:${tab}`,
    session.signedIn,
  );
  useReloadOnReturn(list.reload);
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());
  return (
    <Screen>
      <Tabs
        items={(Object.keys(zh.tickets.tabs) as MineTab[]).map((key) => ({ key, label: zh.tickets.tabs[key] }))}
        value={tab}
        onChange={setTab}
      />
      <ListBody
        list={list}
        empty={tab === 'following' ? EMPTY.following : EMPTY.mine}
        render={(ticket) => (
          <TicketCard key={ticket.id} ticket={ticket} onOpen={(id) => void Taro.navigateTo({ url: ticketPage.resident(id) })} />
        )}
      />
    </Screen>
  );
}

/** A work list (inbox, tasks, supervision): nearest deadline first, each with a live countdown. */
type WorkFilter = 'all' | 'breached' | 'done';

export function WorkListScreen({ kind }: { kind: Exclude<TicketListKind, 'mine' | 'following'> }) {
  const session = useSession();
  const [filter, setFilter] = useState<WorkFilter>('all');
  const now = useNow(1000);
  const list = usePagedList(
    (cursor) =>
      listTickets(kind, {
        cursor,
        limit: PAGE_SIZE,
        breached: filter === 'breached' ? 'true' : undefined,
        done: filter === 'done' ? 'true' : undefined,
      }),
    `${session.user?.id}:${session.role}:${filter}`,
    session.signedIn,
  );
  useReloadOnReturn(list.reload);
  // A new ticket (or one taken by a colleague) shows within seconds: the badge poll says when to reload.
  const badges = useBadges({ onChange: () => void list.reload() });
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());
  const open = (id: number) =>
    void Taro.navigateTo({ url: kind === 'supervision' ? ticketPage.supervisor(id) : ticketPage.staff(id) });
  return (
    <Screen>
      <Tabs
        items={[
          { key: 'all', label: zh.tickets.filterAll },
          { key: 'breached', label: zh.tickets.filterBreached },
          // A worker's finished work (resolved or closed by them), newest first.
          ...(kind === 'tasks' ? [{ key: 'done' as const, label: zh.tickets.filterDone }] : []),
        ]}
        value={filter}
        onChange={setFilter}
      />
      {filter === 'done' ? null : <WorkCount badge={badges?.[kind] ?? null} />}
      <ListBody
        list={list}
        empty={filter === 'done' ? zh.tickets.emptyDone : EMPTY[kind]}
        render={(ticket) => <InboxItem key={ticket.id} ticket={ticket} now={now} onOpen={open} />}
      />
    </Screen>
  );
}

interface BodyProps {
  list: PagedListState<TicketView>;
  empty: string;
  render: (ticket: TicketView) => JSX.Element;
}

/** A ticket list's body: loading, failure, empty, the rows and 加载更多 (the 楼长's 本楼工单 uses it too). */
export function ListBody({ list, empty, render }: BodyProps) {
  const shown = list.items;
  if (list.loading && list.items.length === 0) return <StatusView kind="loading" />;
  if (list.error && list.items.length === 0)
    return <StatusView kind="error" text={list.error} onRetry={() => void list.reload()} />;
  return (
    <View data-testid="ticket-list">
      {shown.length === 0 ? <StatusView kind="empty" text={empty} /> : shown.map(render)}
      {list.hasMore ? (
        <Btn block disabled={list.loadingMore} onClick={() => void list.loadMore()}>
          {list.loadingMore ? zh.common.loading : zh.common.loadMore}
        </Btn>
      ) : shown.length > 0 ? (
        <View className="muted" style={{ textAlign: 'center', padding: '16px' }}>
          {zh.common.noMore}
        </View>
      ) : null}
    </View>
  );
}
