import { useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import type { BadgesView } from '@doorstep/contracts';

import { lastBadges, pollBadges } from '../services/badges';
import { useSession } from './useSession';

/** New tickets and messages show within this long while a page is open (the API answers 304 between). */
export const BADGE_POLL_MS = 5000;

/** The tab bar item whose page holds the 消息 entry (首页's workbench; app.config.ts tabBar.list). */
const MESSAGES_TAB = 0;

export interface BadgeOptions {
  /** Runs when the counts change after this page's first answer: reload the list the page shows. */
  onChange?: (badges: BadgesView) => void;
  /** Tab pages mirror the unread count onto the tab bar (WeChat refuses it from other pages). */
  tabBar?: boolean;
}

/** 1…99, then 99+; nothing at 0. */
function badgeText(unread: number): string | null {
  if (unread <= 0) return null;
  return unread > 99 ? '99+' : String(unread);
}

/** The text the tab bar shows now, so a poll that changes nothing calls nothing. */
let tabBarText: string | null = null;

function syncTabBar(unread: number): void {
  const text = badgeText(unread);
  if (text === tabBarText) return;
  // Not a tab page after all, or no tab bar: the next tab page to poll sets it.
  new Promise((resolve) =>
    resolve(text ? Taro.setTabBarBadge({ index: MESSAGES_TAB, text }) : Taro.removeTabBarBadge({ index: MESSAGES_TAB })),
  )
    .then(() => {
      tabBarText = text;
    })
    .catch(() => undefined);
}

/** On H5 a hidden browser tab stops polling too (the page itself never hears onHide then). */
function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return undefined;
    const update = () => setVisible(document.visibilityState !== 'hidden');
    update();
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

/**
 * Unread messages and the open tickets of the caller's work lists (GET /me/badges), kept fresh while
 * the page is visible: asked at once when the page shows, then every BADGE_POLL_MS, stopped when it
 * hides (and, on H5, while the browser tab is hidden). The one place that polls; pages pass what to
 * do when something changed.
 */
export function useBadges(options: BadgeOptions = {}): BadgesView | null {
  const session = useSession();
  const userId = session.signedIn ? (session.user?.id ?? null) : null;
  const [view, setView] = useState<BadgesView | null>(() => (userId === null ? null : lastBadges(userId)));
  const [pageVisible, setPageVisible] = useState(true);
  const documentVisible = useDocumentVisible();
  const optionsRef = useRef(options);
  optionsRef.current = options;
  useDidShow(() => setPageVisible(true));
  useDidHide(() => setPageVisible(false));

  useEffect(() => {
    if (userId === null) {
      setView(null);
      if (optionsRef.current.tabBar) syncTabBar(0);
      return undefined;
    }
    if (!pageVisible || !documentVisible) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let answered = false;
    const tick = async () => {
      try {
        const { view: next, changed } = await pollBadges(userId);
        if (stopped) return;
        setView(next);
        if (optionsRef.current.tabBar) syncTabBar(next.unread);
        if (changed && answered) optionsRef.current.onChange?.(next);
        answered = true;
      } catch {
        // Offline or signed out meanwhile: the next tick tries again.
      }
      if (!stopped) timer = setTimeout(() => void tick(), BADGE_POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [userId, pageVisible, documentVisible]);

  return view;
}
