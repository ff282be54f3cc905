import { useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { BuildingView } from '@doorstep/contracts';

import { Screen } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { TicketCard } from '../../components/TicketCard';
import { usePagedList } from '../../hooks/usePagedList';
import { useReloadOnReturn } from '../../hooks/useReloadOnReturn';
import { zhLeader } from '../../i18n/leader';
import { ListBody } from '../../screens/TicketListScreen';
import { ticketPage } from '../../services/navigation';
import { buildingTickets } from '../../services/tickets';
import { LeaderBuilding } from './LeaderBuilding';

const t = zhLeader.tickets;
type Tab = keyof typeof t.tabs;

/** 本楼工单: the tickets of the 楼长's building, the open ones first. */
export default function LeaderTicketsPage() {
  return (
    <Screen>
      <LeaderBuilding>{(building) => <BuildingTickets key={building.id} building={building} />}</LeaderBuilding>
    </Screen>
  );
}

function BuildingTickets({ building }: { building: BuildingView }) {
  const [tab, setTab] = useState<Tab>('open');
  const list = usePagedList(
    (cursor) =>
      buildingTickets(building.compoundId, building.id, { cursor, limit: 20, group: tab === 'open' ? 'open' : undefined }),
    `${building.id}:${tab}`,
  );
  useReloadOnReturn(list.reload);
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());
  return (
    <>
      <Tabs items={(Object.keys(t.tabs) as Tab[]).map((key) => ({ key, label: t.tabs[key] }))} value={tab} onChange={setTab} />
      <ListBody
        list={list}
        empty={t.empty}
        render={(ticket) => (
          <TicketCard key={ticket.id} ticket={ticket} onOpen={(id) => void Taro.navigateTo({ url: ticketPage.leader(id) })} />
        )}
      />
    </>
  );
}
