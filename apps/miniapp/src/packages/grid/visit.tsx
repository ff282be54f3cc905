import Taro from '@tarojs/taro';
import { ENDPOINTS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Btn } from '../../components/Btn';
import { Screen } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useRemote } from '../../hooks/useRemote';
import { useSession } from '../../hooks/useSession';
import { zhGrid } from '../../i18n/grid';
import { zh } from '../../i18n/zh';
import { call } from '../../services/request';
import { toast } from '../../services/toast';
import { findQueued } from '../../services/visit-queue';
import { QueueBanner } from './QueueBanner';
import { useLocalPhotos } from './useLocalPhotos';
import { defaultKind, recordAllFine, saveVisit, visitPlace, type VisitTarget } from './visit-record';
import { VisitForm, type VisitDraft } from './VisitForm';
import './grid.scss';

const t = zhGrid.visit;

/**
 * 记录走访 for a household (?householdId&compoundId&label&care), a public place of a compound from a
 * scanned code (?place&compoundId&label), a 回访 (&ticketId&ticketNo), or a queued visit being
 * corrected (?clientId). Everything it needs comes in the address or from the
 * queue, so it works without a network; saving puts the visit in the queue and goes back.
 */
export default function GridVisitPage() {
  const params = usePageParams();
  const session = useSession();
  const editing = params.clientId ? findQueued(params.clientId) : undefined;
  const placeName = editing ? editing.visit.placeName : params.place ? decodeURIComponent(params.place) : undefined;
  const householdId = placeName ? null : (editing?.visit.householdId ?? intParam(params.householdId));
  // 0: not known (a 回访 from 待办); its categories are not needed there.
  const compoundId = editing?.compoundId || editing?.visit.compoundId || intParam(params.compoundId);
  const label = editing?.label ?? decodeURIComponent(params.label ?? '');
  const ticketId = intParam(params.ticketId);
  const followUp = editing?.visit.followUp
    ? { ticketId: editing.visit.followUp.ticketId, ticketNo: editing.ticketNo ?? String(editing.visit.followUp.ticketId) }
    : ticketId
      ? { ticketId, ticketNo: decodeURIComponent(params.ticketNo ?? String(ticketId)) }
      : undefined;
  const categories = useRemote(
    () => call(ENDPOINTS.categories, { params: { id: compoundId! } }),
    compoundId,
    // A place has no household to file a 诉求 for: the form offers none there.
    compoundId !== null && !followUp && !placeName,
  );
  const local = useLocalPhotos(editing?.photos ?? []);

  const target: VisitTarget | null = placeName
    ? compoundId
      ? { placeName, compoundId, label, care: false }
      : null
    : householdId !== null
      ? { householdId, compoundId: compoundId ?? 0, label, care: params.care === '1' }
      : null;
  if (target === null || (params.clientId && !editing)) return <StatusView kind="error" text={zh.errors.badLink} />;
  const workerId = session.user?.id ?? 0;

  const done = (message: string) => {
    toast(message, 'success');
    void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/packages/grid/queue' }));
  };
  const guarded = (save: () => void, message: string) => {
    try {
      save();
      done(message);
    } catch (error) {
      toast(error instanceof Error ? error.message : zh.errors.unknown);
    }
  };
  const onSave = (draft: VisitDraft) =>
    guarded(
      () =>
        saveVisit(
          { workerId, label, compoundId: compoundId ?? undefined, ticketNo: followUp?.ticketNo },
          { ...draft, ...visitPlace(target) },
          local.photos,
          editing?.visit,
        ),
      editing ? t.savedEdit : t.saved,
    );

  const initial: VisitDraft = editing?.visit ?? { kind: defaultKind(target), outcome: 'met' };
  return (
    <Screen offlineText={zhGrid.offline}>
      <QueueBanner />
      <View className="grid-title" data-testid="visit-target">
        {label}
      </View>
      {editing || followUp ? null : (
        <View className="grid-actions">
          <Btn kind="primary" block testId="visit-quick" onClick={() => guarded(() => recordAllFine(workerId, target), t.saved)}>
            {placeName ? t.quickPlace : zhGrid.household.quickMet}
          </Btn>
        </View>
      )}
      <VisitForm
        initial={initial}
        followUp={followUp}
        categories={categories.data ?? null}
        atPlace={Boolean(placeName)}
        photos={{ tiles: local.tiles, onAdd: () => void local.add(), onRemove: local.remove }}
        pending={false}
        onSave={onSave}
      />
    </Screen>
  );
}
