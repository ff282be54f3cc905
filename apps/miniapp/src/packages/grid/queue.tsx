import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { VISIT_KIND_LABELS, VISIT_OUTCOME_LABELS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Btn } from '../../components/Btn';
import { Screen, Section } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { formatTime } from '../../format';
import { useOnline } from '../../hooks/useOnline';
import { useSession } from '../../hooks/useSession';
import { useSubmit } from '../../hooks/useSubmit';
import { useVisitQueue } from '../../hooks/useVisitQueue';
import { zhGrid } from '../../i18n/grid';
import { confirmOnce, toast } from '../../services/toast';
import { discard, syncVisits, type QueuedVisit } from '../../services/visit-queue';
import './grid.scss';

const t = zhGrid.queue;

/** 待上传: visits still on the phone; refused ones first, with the server's reason, to edit or delete. */
export default function GridQueuePage() {
  const session = useSession();
  const online = useOnline();
  const queue = useVisitQueue();
  const sync = useSubmit(async () => {
    const outcome = await syncVisits(session.user!.id);
    if (outcome.stopped) toast(t.stopped(outcome.stopped));
    else if (outcome.sent > 0) toast(t.synced(outcome.sent), 'success');
  });
  const refused = queue.items.filter((r) => r.state === 'refused');
  const pending = queue.items.filter((r) => r.state === 'pending');

  const remove = async (record: QueuedVisit) => {
    if (await confirmOnce(t.discardConfirm, t.discard)) discard(record.visit.clientId);
  };

  return (
    <Screen offlineText={zhGrid.offline}>
      {queue.items.length === 0 ? <StatusView kind="empty" text={t.empty} /> : null}
      {refused.length > 0 ? (
        <Section title={t.refusedTitle}>
          <View data-testid="queue-refused">
            {refused.map((r) => (
              <QueuedCard key={r.visit.clientId} record={r}>
                <Btn
                  size="small"
                  testId="queue-edit"
                  onClick={() => void Taro.navigateTo({ url: `/packages/grid/visit?clientId=${r.visit.clientId}` })}
                >
                  {t.edit}
                </Btn>
                <Btn size="small" kind="danger" testId="queue-discard" onClick={() => void remove(r)}>
                  {t.discard}
                </Btn>
              </QueuedCard>
            ))}
          </View>
        </Section>
      ) : null}
      {pending.length > 0 ? (
        <Section title={t.pendingTitle}>
          {online ? null : <View className="muted">{t.offline}</View>}
          <View data-testid="queue-pending" data-count={pending.length}>
            {pending.map((r) => (
              <QueuedCard key={r.visit.clientId} record={r} />
            ))}
          </View>
          <Btn kind="primary" block disabled={!online || sync.pending} testId="queue-sync" onClick={() => void sync.run()}>
            {sync.pending ? t.syncing : t.syncNow}
          </Btn>
        </Section>
      ) : null}
    </Screen>
  );
}

function QueuedCard({ record, children }: { record: QueuedVisit; children?: ReactNode }) {
  const v = record.visit;
  return (
    <View className="card" data-testid="queued-visit" data-client-id={v.clientId} data-state={record.state}>
      <View className="grid-title">{record.label}</View>
      <View>{`${VISIT_KIND_LABELS[v.kind]} · ${VISIT_OUTCOME_LABELS[v.outcome]}`}</View>
      <View className="muted">{`${t.visitedAt}：${formatTime(v.visitedAt)}`}</View>
      {record.photos.length > 0 ? <View className="muted">{t.photoCount(record.photos.length)}</View> : null}
      {record.error ? (
        <View className="grid-error" data-testid="queued-reason">
          {`${t.reason}：${record.error.message}`}
        </View>
      ) : null}
      {children ? <View className="grid-buttons">{children}</View> : null}
    </View>
  );
}
