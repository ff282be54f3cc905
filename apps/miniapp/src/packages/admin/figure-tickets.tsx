import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import {
  ENDPOINTS,
  FIGURE_DEFINITIONS,
  FIGURE_KEYS,
  FIGURE_TICKET_FILTERS,
  TICKET_KIND_LABELS,
  type FigureKey,
  type FigureTicketFilter,
  type FigureTicketRow,
  type MeView,
} from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { AdminPage } from '../../components/admin/AdminPage';
import { Btn } from '../../components/Btn';
import { StatusBadge } from '../../components/StatusBadge';
import { StatusView } from '../../components/StatusView';
import { formatTime, shanghaiDate } from '../../format';
import { useMe } from '../../hooks/useMe';
import { usePageParams } from '../../hooks/usePageParams';
import { usePagedList } from '../../hooks/usePagedList';
import { useSession } from '../../hooks/useSession';
import { zh } from '../../i18n/zh';
import { zhFigures } from '../../i18n/figures';
import { ticketPage } from '../../services/navigation';
import { call } from '../../services/request';
import { scopeFromParams, validMonth } from './figures/figure-text';
import '../../components/TicketItems.scss';
import './figures/figures.scss';

const t = zhFigures;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Street and community people read a ticket as its supervisors; a company's people as its handlers. */
function ticketUrl(me: MeView | undefined, id: number): string {
  const supervises = (me?.roles ?? []).some((r) => ['street_admin', 'community_admin', 'platform_admin'].includes(r.role));
  return supervises || !me ? ticketPage.supervisor(id) : ticketPage.staff(id);
}

function TicketRow({ ticket, onOpen }: { ticket: FigureTicketRow; onOpen: () => void }) {
  const escalation = t.escalation(ticket.escalationLevel);
  return (
    <View className="card ticket-item" data-testid="figure-ticket" data-ticket-id={ticket.id} onClick={onOpen}>
      <View className="ticket-item__head">
        <View className="ticket-item__title">
          {ticket.categoryName}
          <View className="ticket-item__kind">{TICKET_KIND_LABELS[ticket.kind]}</View>
        </View>
        <StatusBadge status={ticket.status} />
      </View>
      <View className="ticket-item__place">{t.ticketMeta(ticket.compoundName, ticket.placeLabel)}</View>
      <View className="ticket-item__meta muted">
        {formatTime(ticket.createdAt)}
        {zh.common.separator}
        {zh.ticket.number(ticket.id)}
        {ticket.rating !== null ? `${zh.common.separator}${t.rating(ticket.rating)}` : ''}
        {escalation ? `${zh.common.separator}${escalation}` : ''}
      </View>
    </View>
  );
}

/** The tickets behind a figure of a month (drill-down from 考核); tapping one opens the ticket. */
export default function FigureTicketsPage() {
  const params = usePageParams();
  const session = useSession();
  const me = useMe(session.user?.id ?? null);
  const ref = scopeFromParams(params);
  const current = shanghaiDate().slice(0, 7);
  const month = validMonth(params.month, current) ? params.month : current;
  const filter = (FIGURE_TICKET_FILTERS as readonly string[]).includes(params.filter ?? '')
    ? (params.filter as FigureTicketFilter)
    : 'all';
  // The subject's name, as the dashboard passed it (Taro hands H5 query values over still encoded).
  const name = params.name ? safeDecode(params.name) : null;
  const key = (FIGURE_KEYS as readonly string[]).includes(params.key ?? '') ? (params.key as FigureKey) : null;
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.figureTickets, { query: { scope: ref!.scope, id: ref!.id, month, filter, cursor, limit: 20 } }),
    `${ref?.scope}:${ref?.id}:${month}:${filter}`,
    ref !== null,
  );
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());

  if (!ref) {
    return (
      <AdminPage testId="figure-tickets-page">
        <StatusView kind="empty" text={t.ticketsEmpty} />
      </AdminPage>
    );
  }
  return (
    <AdminPage testId="figure-tickets-page">
      <View className="section__title" data-testid="figure-tickets-title">
        {t.ticketsOf(name, t.monthText(month), key ? FIGURE_DEFINITIONS[key].label : null)}
      </View>
      <View className="muted fig-hint" data-testid="figure-tickets-filter">
        {t.filters[filter]}
      </View>
      {list.loading && list.items.length === 0 ? (
        <StatusView kind="loading" />
      ) : list.error && list.items.length === 0 ? (
        <StatusView kind="error" text={list.error} onRetry={() => void list.reload()} />
      ) : list.items.length === 0 ? (
        <StatusView kind="empty" text={t.ticketsEmpty} />
      ) : (
        <View data-testid="figure-ticket-list">
          {list.items.map((ticket) => (
            <TicketRow
              key={ticket.id}
              ticket={ticket}
              onOpen={() => void Taro.navigateTo({ url: ticketUrl(me.data, ticket.id) })}
            />
          ))}
          {list.hasMore ? (
            <Btn block disabled={list.loadingMore} testId="load-more" onClick={() => void list.loadMore()}>
              {list.loadingMore ? zh.common.loading : zh.common.loadMore}
            </Btn>
          ) : null}
        </View>
      )}
    </AdminPage>
  );
}
