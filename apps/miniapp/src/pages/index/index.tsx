import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import type { BadgesView, Role } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Btn } from '../../components/Btn';
import { CompoundList } from '../../components/CompoundList';
import { EntryGrid, type Entry } from '../../components/EntryGrid';
import { HealthCard } from '../../components/HealthCard';
import { Screen, Section } from '../../components/Screen';
import { TokenEntry } from '../../components/TokenEntry';
import { useBadges } from '../../hooks/useBadges';
import { useCompounds } from '../../hooks/useCompounds';
import { useHealth } from '../../hooks/useHealth';
import { useMe } from '../../hooks/useMe';
import { useRoles } from '../../hooks/useRoles';
import { useSession } from '../../hooks/useSession';
import { useVisitQueue, type VisitQueueView } from '../../hooks/useVisitQueue';
import { zh } from '../../i18n/zh';
import { knownCompounds } from '../../services/home';
import { hasCodeParam, INVALID_TOKEN, qrTokenFromLaunch, qrTokenFromText } from '../../services/launch';
import { toast } from '../../services/toast';

type EntryKey = keyof typeof zh.entries;

/** Unread messages and waiting tickets, on the entries that open them; unsent visits on the grid's. */
function liveHint(key: EntryKey, badges: BadgesView | null, queue: VisitQueueView): string | null {
  if (key === 'gridQueue' || key === 'gridVisit') {
    if (queue.refused > 0) return zh.visitQueue.refusedCount(queue.refused);
    return queue.pending > 0 ? zh.visitQueue.unsent(queue.pending) : null;
  }
  if (!badges) return null;
  if (key === 'messages') return badges.unread > 0 ? zh.badges.unread(badges.unread) : null;
  if (key === 'manage') return badges.claims ? zh.badges.claims(badges.claims) : null;
  if (key === 'inbox' || key === 'tasks' || key === 'supervision') {
    const open = badges[key]?.open ?? 0;
    return open > 0 ? zh.badges.open(open) : null;
  }
  return null;
}

/** What each role does most, first. Someone with no role yet is a resident-to-be. */
const ENTRIES_BY_ROLE: Record<Role, EntryKey[]> = {
  resident: ['scan', 'report', 'mine', 'bills', 'households', 'messages'],
  grid_worker: ['gridHouseholds', 'gridTodo', 'gridVisit', 'gridQueue', 'gridLog', 'gridScan', 'messages'],
  building_leader: ['leaderReport', 'leaderTickets', 'scan', 'mine', 'messages'],
  staff: ['tasks', 'collect', 'scan', 'mine', 'messages'],
  manager: ['inbox', 'manage', 'figures', 'tasks', 'scan', 'mine', 'messages'],
  community_admin: ['supervision', 'figures', 'inbox', 'manage', 'admin', 'tasks', 'mine', 'messages'],
  street_admin: ['supervision', 'figures', 'admin', 'mine', 'messages'],
  platform_admin: ['supervision', 'figures', 'admin', 'messages'],
};

const PAGES: Partial<Record<EntryKey, string>> = {
  mine: '/packages/resident/tickets',
  households: '/packages/resident/households',
  inbox: '/packages/staff/inbox',
  tasks: '/packages/staff/tasks',
  supervision: '/packages/supervisor/inbox',
  messages: '/packages/messages/index',
  manage: '/packages/manage/index',
  bills: '/packages/billing/mine',
  collect: '/packages/billing/manage',
  admin: '/packages/admin/index',
  // 考核 opens on the caller's own street, community or company.
  figures: '/packages/admin/figures',
  gridHouseholds: '/packages/grid/households',
  gridTodo: '/packages/grid/todo',
  // 记录走访 starts by picking the household.
  gridVisit: '/packages/grid/households?pick=1',
  gridQueue: '/packages/grid/queue',
  gridLog: '/packages/grid/log',
  leaderReport: '/packages/leader/report',
  leaderTickets: '/packages/leader/tickets',
};

/** Tokens already opened in this run: coming back to 首页 (its URL still has ?qr=) does not reopen the report. */
const handledTokens = new Set<string>();

function openReport(token: string) {
  handledTokens.add(token);
  void Taro.navigateTo({ url: `/packages/resident/report?qr=${token}` });
}

/** 扫码走访: the grid worker's scan opens the code's building or place in their grid, not 报事. */
function openGridScan(token: string) {
  void Taro.navigateTo({ url: `/packages/grid/scan?qr=${token}` });
}

/** What a scanned (or, in a browser, typed) code opens, by the entry tapped. */
const OPENERS = { scan: openReport, gridScan: openGridScan };
type ScanEntry = keyof typeof OPENERS;

export default function HomePage() {
  const session = useSession();
  const router = useRouter();
  const health = useHealth();
  const userId = session.signedIn ? (session.user?.id ?? 0) : null;
  const compounds = useCompounds(userId);
  const me = useMe(userId);
  const roles = useRoles(me.data, session.role);
  const badges = useBadges({ tabBar: true });
  const queue = useVisitQueue();
  // H5 has no scanner: the code's number is typed, then opened as the tapped entry would open it.
  const [typing, setTyping] = useState<ScanEntry | null>(null);

  // A printed QR code opens this page: ?qr= (browser), ?scene= (mini-program code), ?q= (link QR in WeChat).
  useDidShow(() => {
    // A code that cannot be a token still opens the report page, which explains what went wrong.
    const token = qrTokenFromLaunch(router.params) ?? (hasCodeParam(router.params) ? INVALID_TOKEN : null);
    if (token && !handledTokens.has(token)) openReport(token);
  });

  usePullDownRefresh(() => {
    void Promise.all([health.reload(), compounds.reload(), me.reload()]).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void compounds.loadMore();
  });

  const scan = async (entry: ScanEntry) => {
    if (process.env.TARO_ENV !== 'weapp') {
      setTyping((v) => (v === entry ? null : entry));
      return;
    }
    const open = OPENERS[entry];
    try {
      const res = await Taro.scanCode({});
      const token = qrTokenFromText(res.path) ?? qrTokenFromText(res.result);
      if (token) open(token);
      else toast(zh.home.scanFailed);
    } catch {
      // Cancelled.
    }
  };

  const reportWithoutCode = () => {
    const all = knownCompounds(me.data?.memberships ?? [], session.recentCompounds);
    const go = (id: number) => void Taro.navigateTo({ url: `/packages/resident/report?compoundId=${id}` });
    if (all.length === 0) return toast(zh.home.noCompoundForReport);
    if (all.length === 1) return go(all[0].id);
    Taro.showActionSheet({ itemList: all.slice(0, 6).map((c) => c.name) })
      .then((res) => go(all[res.tapIndex].id))
      .catch(() => undefined);
  };

  const role = roles.current ?? 'resident';
  const entries: Entry[] = ENTRIES_BY_ROLE[role].map((key) => ({
    key,
    title: zh.entries[key].title,
    hint: liveHint(key, badges, queue) ?? zh.entries[key].hint,
    onOpen: () => {
      if (key === 'scan' || key === 'gridScan') return void scan(key);
      if (key === 'report') return reportWithoutCode();
      void Taro.navigateTo({ url: PAGES[key]! });
    },
  }));

  return (
    <Screen>
      {session.signedIn ? (
        <Section title={zh.home.workbench}>
          <EntryGrid entries={entries} />
          {typing ? (
            <TokenEntry
              onOpen={(text) => {
                const token = qrTokenFromText(text);
                if (token) OPENERS[typing](token);
                return token !== null;
              }}
            />
          ) : null}
        </Section>
      ) : null}
      <Section title={zh.home.compoundsTitle}>
        {session.signedIn ? (
          <CompoundList
            items={compounds.items}
            loading={compounds.loading}
            loadingMore={compounds.loadingMore}
            hasMore={compounds.hasMore}
            error={compounds.error}
            onRetry={() => void compounds.reload()}
            onOpen={(id) => void Taro.navigateTo({ url: `/packages/resident/board?compoundId=${id}` })}
          />
        ) : (
          <View className="card">
            <View className="muted hint">{zh.home.signInHint}</View>
            <Btn kind="primary" block testId="go-sign-in" onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
              {zh.home.goSignIn}
            </Btn>
          </View>
        )}
      </Section>
      {/* Residents hear about the service only when something is wrong; the details live in 关于. */}
      {health.loading || health.data?.status === 'ok' ? null : (
        <HealthCard health={health.data} loading={health.loading} error={health.error} />
      )}
    </Screen>
  );
}
