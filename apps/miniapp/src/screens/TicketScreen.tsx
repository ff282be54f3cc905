import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { TicketPhotoView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { ActionPanel, type ActionInput, type PanelAction } from '../components/ActionPanel';
import { CommentBox } from '../components/CommentBox';
import { Screen, Section } from '../components/Screen';
import { StatusView } from '../components/StatusView';
import { Timeline } from '../components/Timeline';
import { TicketSummary } from '../components/TicketSummary';
import { useAssignees } from '../hooks/useAssignees';
import { useMe } from '../hooks/useMe';
import { intParam, usePageParams } from '../hooks/usePageParams';
import { usePhotoUploads } from '../hooks/usePhotoUploads';
import { useRemote } from '../hooks/useRemote';
import { useSession } from '../hooks/useSession';
import { useTicket } from '../hooks/useTicket';
import { zh } from '../i18n/zh';
import { photoSource } from '../services/photos';
import { duplicateCandidates, getCompound, isButtonAction } from '../services/tickets';

async function preview(photo: TicketPhotoView, all: TicketPhotoView[]): Promise<void> {
  try {
    const urls = await Promise.all(all.map((p) => photoSource(p.url)));
    await Taro.previewImage({ urls, current: urls[all.indexOf(photo)] });
  } catch {
    // Preview is a convenience; the thumbnail stays on screen.
  }
}

/**
 * A ticket with its timeline, the buttons the state machine allows this viewer, and comments. The
 * same screen serves residents, property staff and supervisors: what differs is what the API says
 * the viewer may do (TicketView.viewer).
 */
export function TicketScreen() {
  const id = intParam(usePageParams().id);
  // The same page of this area (resident, staff, supervisor) for another ticket.
  const pagePath = useRouter().path.split('?')[0];
  const openTicket = (other: number) => void Taro.navigateTo({ url: `${pagePath}?id=${other}` });
  const session = useSession();
  const t = useTicket(id);
  const me = useMe(session.user?.id ?? null);
  const photos = usePhotoUploads(6);
  const [openAction, setOpenAction] = useState<PanelAction | null>(null);
  const ticket = t.ticket;
  const assignees = useAssignees(me.data, ticket?.handlerType);
  const actions: PanelAction[] = ticket ? ticket.viewer.actions.filter(isButtonAction) : [];
  const compound = useRemote(() => getCompound(ticket!.compoundId), ticket?.compoundId, actions.includes('reassign'));
  // 合并: likely duplicates to pick from, loaded when the merge form opens.
  const candidates = useRemote(() => duplicateCandidates(id!), `${id}:${ticket?.version}`, openAction === 'merge');

  const { ensure } = assignees;
  useEffect(() => {
    if (openAction === 'assign' || openAction === 'transfer') ensure();
  }, [openAction, ensure]);

  usePullDownRefresh(() => {
    void t.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const submit = async (action: PanelAction, input: ActionInput) => {
    const done = await t.act(action, input, action === 'resolve' ? photos.ids : []);
    if (done) {
      setOpenAction(null);
      if (action === 'resolve') photos.reset();
    }
  };

  if (!ticket) {
    return (
      <Screen>
        {t.error ? <StatusView kind="error" text={t.error} onRetry={() => void t.reload()} /> : <StatusView kind="loading" />}
      </Screen>
    );
  }

  const staffSide = ticket.viewer.actors.some((a) => a !== 'reporter');
  return (
    <Screen>
      <TicketSummary ticket={ticket} onPreview={(photo, all) => void preview(photo, all)} onOpenTicket={openTicket} />
      {ticket.viewer.following ? <View className="card muted">{zh.ticket.following}</View> : null}
      <ActionPanel
        // A new panel per version: a form opened for the old state does not linger after a change.
        key={ticket.version}
        actions={actions}
        pending={t.pending}
        onOpen={setOpenAction}
        onSubmit={(action, input) => void submit(action, input)}
        assignees={assignees}
        currentAssigneeId={ticket.assigneeId}
        photos={{
          tiles: photos.tiles,
          max: photos.max,
          error: photos.error,
          onAdd: () => void photos.add(),
          onRemove: photos.remove,
        }}
        reassignTargets={{ company: compound.data?.companyName ?? null, community: zh.actions.reassignCommunity }}
        duplicates={{ items: candidates.data ?? [], loading: candidates.loading, error: candidates.error }}
      />
      <CommentBox canInternal={staffSide} pending={t.pending} onSend={t.comment} />
      <Section title={zh.ticket.timeline}>
        <View className="card">
          <Timeline
            events={t.events}
            mergedInto={ticket.duplicateOfId !== null ? { id: ticket.duplicateOfId, open: openTicket } : null}
          />
        </View>
      </Section>
    </Screen>
  );
}
