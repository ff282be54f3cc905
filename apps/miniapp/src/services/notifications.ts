import Taro from '@tarojs/taro';
import {
  ENDPOINTS,
  type NotificationKind,
  type NotificationView,
  type Page,
  type WechatTemplatesView,
} from '@doorstep/contracts';

import { call } from './request';

export function listNotifications(cursor?: string): Promise<Page<NotificationView> & { unread: number }> {
  return call(ENDPOINTS.notifications, { query: { cursor, limit: 20 } });
}

export function markNotificationRead(id: number): Promise<NotificationView> {
  return call(ENDPOINTS.readNotification, { params: { id } });
}

export function readAllNotifications(): Promise<void> {
  return call(ENDPOINTS.readAllNotifications);
}

/**
 * wx.requestSubscribeMessage only works inside a tap, with nothing awaited first: the template ids
 * must already be here when the person taps 提交. The report page fetches them when it opens.
 */
let templates: WechatTemplatesView | null = null;

export async function prefetchWechatTemplates(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp' || templates) return;
  try {
    templates = await call(ENDPOINTS.wechatTemplates);
  } catch {
    // Without template ids there is nothing to ask; the notifications stay in the app.
  }
}

/** Asks (on WeChat only) to send progress updates as subscribe messages; records what was allowed. */
export async function askForWechatUpdates(kinds: NotificationKind[]): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp' || !templates) return;
  const wanted = kinds
    .map((kind) => [kind, templates![kind]] as const)
    .filter((entry): entry is readonly [NotificationKind, string] => !!entry[1]);
  if (!wanted.length) return;
  try {
    const answer = (await Taro.requestSubscribeMessage({
      tmplIds: wanted.map(([, id]) => id),
      entityIds: [],
    })) as unknown as Record<string, string>;
    const accepted = wanted.filter(([, id]) => answer[id] === 'accept').map(([kind]) => kind);
    if (accepted.length) await call(ENDPOINTS.wechatConsents, { body: { kinds: accepted } });
  } catch {
    // Refused or not supported: the in-app notification is still written.
  }
}
