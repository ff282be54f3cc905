import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import type { CategoryView, CreateTicketRequest, MeView, SimilarTicketView } from '@doorstep/contracts';

import type { ReportDraft } from '../components/ReportForm';
import { zh } from '../i18n/zh';
import { ticketPage } from '../services/navigation';
import { toast } from '../services/toast';
import { errorMessage, newIdempotencyKey } from '../services/request';
import { homeForReport, type ReportHome } from '../services/home';
import { rememberCompound } from '../services/session';
import { askForWechatUpdates, prefetchWechatTemplates } from '../services/notifications';
import { createTicket, followTicket, getCompound, listCategories, resolveQr, similarTickets } from '../services/tickets';
import { useRemote, type RemoteState } from './useRemote';
import { useSubmit } from './useSubmit';

/** Where the report is about: from a scanned code (qr) or a compound picked in the app. */
export interface ReportEntry {
  qr: string | null;
  compoundId: number | null;
}

export interface ReportPlace {
  compoundId: number;
  compoundName: string;
  buildingId: number | null;
  /** The scanned building's name (1号楼), when a stairwell code was scanned. */
  buildingName: string | null;
  /** 幸福里小区 1号楼 / 幸福里小区 3号楼地下车库 */
  label: string;
  categories: CategoryView[];
}

async function loadPlace(entry: ReportEntry, signedIn: boolean): Promise<ReportPlace> {
  if (entry.qr) {
    // Public: the place shows before signing in.
    const scan = await resolveQr(entry.qr);
    return {
      compoundId: scan.compound.id,
      compoundName: scan.compound.name,
      buildingId: scan.building?.id ?? null,
      // A spot code (地下车库) names a public place even inside a building.
      buildingName: scan.spotName ? null : (scan.building?.name ?? null),
      label: [scan.compound.name, scan.placeLabel].filter(Boolean).join(' '),
      categories: scan.categories,
    };
  }
  const compound = await getCompound(entry.compoundId!);
  return {
    compoundId: compound.id,
    compoundName: compound.name,
    buildingId: null,
    buildingName: null,
    label: compound.name,
    categories: signedIn ? await listCategories(compound.id) : [],
  };
}

export interface ReportState {
  place: RemoteState<ReportPlace>;
  /** The resident's verified home in this compound, offered as the place. */
  home: ReportHome | null;
  similar: SimilarTicketView[];
  chooseCategory: (category: CategoryView) => void;
  follow: (id: number) => void;
  followingId: number | null;
  submit: (draft: ReportDraft, photoIds: number[]) => void;
  submitting: boolean;
}

export function useReport(entry: ReportEntry, me: MeView | undefined, signedIn: boolean): ReportState {
  const valid = entry.qr !== null || entry.compoundId !== null;
  const place = useRemote(() => loadPlace(entry, signedIn), `${entry.qr}:${entry.compoundId}:${signedIn}`, valid);
  const [similar, setSimilar] = useState<SimilarTicketView[]>([]);
  const [followingId, setFollowingId] = useState<number | null>(null);
  const lookup = useRef(0);
  useEffect(() => void prefetchWechatTemplates(), []);
  /** The key of the last attempt and what it sent: an identical retry reuses it, so one ticket results. */
  const lastAttempt = useRef<{ key: string; body: string } | null>(null);

  const data = place.data;
  useEffect(() => {
    if (data) rememberCompound({ id: data.compoundId, name: data.compoundName });
  }, [data]);

  const home = useMemo(() => {
    if (!data || !me) return null;
    return homeForReport(me.memberships, { compoundId: data.compoundId, buildingName: data.buildingName });
  }, [data, me]);

  const chooseCategory = useCallback(
    (category: CategoryView) => {
      if (!data) return;
      const mine = ++lookup.current;
      setSimilar([]);
      similarTickets(data.compoundId, category.id, data.buildingId ?? undefined)
        .then((items) => mine === lookup.current && setSimilar(items))
        // Only a hint: without it the resident can still report.
        .catch(() => undefined);
    },
    [data],
  );

  const following = useSubmit(async (id: number) => {
    // Inside the tap, before anything is awaited: 我也遇到 promises progress updates, as reporting does.
    await askForWechatUpdates(['ticket_status']);
    setFollowingId(id);
    try {
      await followTicket(id);
      toast(zh.report.followed, 'success');
      void Taro.redirectTo({ url: ticketPage.resident(id) });
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setFollowingId(null);
    }
  });

  const submitting = useSubmit(async (draft: ReportDraft, photoIds: number[]) => {
    if (!data) return;
    const body: CreateTicketRequest = {
      compoundId: data.compoundId,
      categoryId: draft.category.id,
      description: draft.description,
    };
    if (entry.qr) body.qrToken = entry.qr;
    if (draft.atHome && home) body.householdId = home.householdId;
    if (draft.location) body.location = draft.location;
    if (draft.visitAt) body.preferredVisitAt = draft.visitAt;
    if (draft.complaintTarget) body.complaintTarget = draft.complaintTarget;
    if (draft.anonymous) body.anonymous = true;
    if (photoIds.length) body.photoIds = photoIds;
    const fingerprint = JSON.stringify(body);
    const key = lastAttempt.current?.body === fingerprint ? lastAttempt.current.key : newIdempotencyKey();
    lastAttempt.current = { key, body: fingerprint };
    // Inside the tap, before anything else is awaited: WeChat allows the consent prompt only there.
    await askForWechatUpdates(['ticket_status']);
    try {
      const ticket = await createTicket(body, key);
      lastAttempt.current = null;
      toast(zh.report.submitted, 'success');
      void Taro.redirectTo({ url: ticketPage.resident(ticket.id) });
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  return {
    place,
    home,
    similar,
    chooseCategory,
    follow: (id) => void following.run(id),
    followingId,
    submit: (draft, photoIds) => void submitting.run(draft, photoIds),
    submitting: submitting.pending,
  };
}
