import { useCallback, useEffect, useRef, useState } from 'react';
import { TICKET_ACTION_LABELS, type TicketEventView, type TicketView } from '@doorstep/contracts';

import type { ActionInput, PanelAction } from '../components/ActionPanel';
import { toast } from '../services/toast';
import { errorMessage, isApiError } from '../services/request';
import { actOnTicket, commentOnTicket, getTicket, getTicketEvents } from '../services/tickets';
import { zh } from '../i18n/zh';
import { useSubmit } from './useSubmit';

export interface TicketState {
  ticket: TicketView | undefined;
  events: TicketEventView[];
  loading: boolean;
  error: string | undefined;
  reload: () => Promise<void>;
  /** Performs an action; resolves true when it went through. */
  act: (action: PanelAction, input: ActionInput, photoIds?: number[]) => Promise<boolean>;
  comment: (body: string, internal: boolean) => Promise<boolean>;
  /** An action or a comment is on its way: every button waits. */
  pending: boolean;
}

/**
 * Refusals that a fresh look at the ticket explains, and what to say: someone acted first (the version
 * the user saw is gone), or the action is not possible in the state the ticket is in.
 */
const EXPLAINED_BY_RELOAD: Partial<Record<string, string>> = {
  VERSION_CONFLICT: zh.errors.stale,
  TICKET_INVALID_TRANSITION: zh.errors.notNow,
};

/** One ticket and its timeline, and everything that can be done to it from its page. */
export function useTicket(id: number | null): TicketState {
  const [ticket, setTicket] = useState<TicketView>();
  const [events, setEvents] = useState<TicketEventView[]>([]);
  const [loading, setLoading] = useState(id !== null);
  const [error, setError] = useState<string>();
  const generation = useRef(0);

  const reload = useCallback(async () => {
    if (id === null) {
      setLoading(false);
      setError(zh.errors.badLink);
      return;
    }
    const mine = ++generation.current;
    setLoading(true);
    try {
      const [t, e] = await Promise.all([getTicket(id), getTicketEvents(id)]);
      if (mine !== generation.current) return;
      setTicket(t);
      setEvents(e);
      setError(undefined);
    } catch (err) {
      if (mine === generation.current) setError(errorMessage(err));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [id]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const perform = useSubmit(async (work: () => Promise<unknown>, success: string): Promise<boolean> => {
    try {
      await work();
      toast(success, 'success');
      await reload();
      return true;
    } catch (err) {
      const explained = isApiError(err) ? EXPLAINED_BY_RELOAD[err.code] : undefined;
      if (explained) {
        // Show what the ticket is now (and the buttons it has now), and say why nothing happened.
        await reload();
        toast(explained);
      } else {
        toast(errorMessage(err));
      }
      return false;
    }
  });

  const act = useCallback(
    async (action: PanelAction, input: ActionInput, photoIds: number[] = []): Promise<boolean> => {
      if (!ticket) return false;
      const { id: ticketId, version } = ticket;
      const note = input.note;
      const work = (): Promise<unknown> => {
        switch (action) {
          case 'urge':
            return actOnTicket('urge', ticketId, { note: note ?? '' });
          case 'reject':
          case 'hand_back':
            return actOnTicket(action, ticketId, { version, reason: input.reason ?? '' });
          case 'pause':
            return actOnTicket('pause', ticketId, {
              version,
              reason: input.reason ?? '',
              ...(input.until ? { until: input.until } : {}),
            });
          case 'assign':
          case 'transfer':
            return actOnTicket(action, ticketId, { version, assigneeId: input.assigneeId!, note });
          case 'resolve':
            return actOnTicket('resolve', ticketId, { version, note, photoIds: photoIds.length ? photoIds : undefined });
          case 'rate':
            return actOnTicket('rate', ticketId, {
              version,
              overall: input.overall!,
              speed: input.speed,
              attitude: input.attitude,
              comment: note,
            });
          case 'reassign':
            return actOnTicket('reassign', ticketId, { version, handlerType: input.handlerType!, note });
          case 'merge':
            return actOnTicket('merge', ticketId, { version, duplicateOfId: input.duplicateOfId!, note });
          case 'follow_up':
            return actOnTicket('follow_up', ticketId, { version, satisfied: input.satisfied!, note });
          default:
            return actOnTicket(action, ticketId, { version, note });
        }
      };
      return (await perform.run(work, zh.ticket.done(TICKET_ACTION_LABELS[action]))) ?? false;
    },
    [ticket, perform],
  );

  const comment = useCallback(
    async (body: string, internal: boolean): Promise<boolean> => {
      if (id === null) return false;
      return (
        (await perform.run(() => commentOnTicket(id, { body, internal: internal || undefined }), zh.ticket.commentSent)) ?? false
      );
    },
    [id, perform],
  );

  return { ticket, events, loading, error, reload, act, comment, pending: perform.pending };
}
