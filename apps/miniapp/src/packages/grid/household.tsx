import Taro, { usePullDownRefresh } from '@tarojs/taro';
import {
  ENDPOINTS,
  MEMBERSHIP_RELATION_LABELS,
  TICKET_STATUS_LABELS,
  VISIT_KIND_LABELS,
  VISIT_OUTCOME_LABELS,
  type MembershipRelation,
  type TicketStatus,
} from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Btn } from '../../components/Btn';
import { PhoneLink } from '../../components/PhoneLink';
import { Screen, Section } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { formatTime } from '../../format';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useReloadOnReturn } from '../../hooks/useReloadOnReturn';
import { useRemote } from '../../hooks/useRemote';
import { useSession } from '../../hooks/useSession';
import { useVisitQueue } from '../../hooks/useVisitQueue';
import { zhGrid } from '../../i18n/grid';
import { zh } from '../../i18n/zh';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';
import { CareTags } from './CareTags';
import { QueueBanner } from './QueueBanner';
import { recordAllFine, targetOf, visitUrl } from './visit-record';
import './grid.scss';

const t = zhGrid.household;

/** 住户详情: members (phones to call), care tags, visits, tickets; 记录走访 and the one-tap 「一切正常」. */
export default function GridHouseholdPage() {
  const id = intParam(usePageParams().id);
  const session = useSession();
  const queue = useVisitQueue();
  const detail = useRemote(() => call(ENDPOINTS.getGridHousehold, { params: { id: id! } }), id, id !== null && session.signedIn);
  usePullDownRefresh(() => void detail.reload().finally(() => Taro.stopPullDownRefresh()));
  useReloadOnReturn(detail.reload);

  if (id === null) return <StatusView kind="error" text={zh.errors.badLink} />;
  if (!detail.data) {
    return (
      <Screen offlineText={zhGrid.offline}>
        <QueueBanner />
        {detail.loading ? (
          <StatusView kind="loading" />
        ) : (
          <StatusView kind="error" text={detail.error} onRetry={() => void detail.reload()} />
        )}
      </Screen>
    );
  }
  const h = detail.data;
  const target = targetOf(h);
  const unsentHere = queue.items.filter((r) => r.visit.householdId === h.id).length;

  const quick = () => {
    try {
      recordAllFine(session.user!.id, target);
      toast(t.quickSaved, 'success');
    } catch (error) {
      toast(error instanceof Error ? error.message : errorMessage(error));
    }
  };

  return (
    <Screen offlineText={zhGrid.offline}>
      <QueueBanner />
      <View className="card">
        <View className="grid-title" data-testid="grid-household-label">
          {`${h.compoundName} ${target.label}`}
        </View>
        <View className="grid-row">
          <View className="muted">{t.tags}</View>
          <CareTags tags={h.careTags} none={t.noTags} />
        </View>
        {unsentHere > 0 ? (
          <View className="muted" data-testid="unsent-here">
            {t.unsentHere(unsentHere)}
          </View>
        ) : null}
      </View>
      <View className="grid-actions">
        <Btn kind="primary" block testId="visit-quick" onClick={quick}>
          {t.quickMet}
        </Btn>
        <Btn block testId="visit-record" onClick={() => void Taro.navigateTo({ url: visitUrl(target) })}>
          {t.record}
        </Btn>
      </View>
      <Section title={t.members}>
        <View className="card" data-testid="grid-members">
          {h.members.length === 0 ? <View className="muted">{t.noMembers}</View> : null}
          {h.members.map((m, i) => (
            <View key={i} className="grid-row">
              <View>{`${m.name}（${MEMBERSHIP_RELATION_LABELS[m.relation as MembershipRelation] ?? m.relation}）`}</View>
              {m.phone ? <PhoneLink phone={m.phone} /> : null}
            </View>
          ))}
        </View>
      </Section>
      <Section title={t.visits}>
        <View className="card" data-testid="grid-visits">
          {h.visits.length === 0 ? <View className="muted">{t.noVisits}</View> : null}
          {h.visits.map((v) => (
            <View key={v.id} className="grid-row" data-testid="grid-visit" data-client-id={v.clientId}>
              <View>{formatTime(v.visitedAt)}</View>
              <View>{`${VISIT_KIND_LABELS[v.kind]} · ${VISIT_OUTCOME_LABELS[v.outcome]}`}</View>
              {v.notes ? <View className="muted">{v.notes}</View> : null}
            </View>
          ))}
        </View>
      </Section>
      <Section title={t.tickets}>
        <View className="card" data-testid="grid-tickets">
          {h.tickets.length === 0 ? <View className="muted">{t.noTickets}</View> : null}
          {h.tickets.map((ticket) => (
            <View key={ticket.id} className="grid-row">
              <View>{ticket.ticketNo}</View>
              <View>{ticket.categoryName}</View>
              <View>{TICKET_STATUS_LABELS[ticket.status as TicketStatus] ?? ticket.status}</View>
            </View>
          ))}
        </View>
      </Section>
    </Screen>
  );
}
