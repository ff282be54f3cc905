import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { NotificationView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Btn } from '../../components/Btn';
import { MessageItem } from '../../components/MessageItem';
import { Screen } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { useBadges } from '../../hooks/useBadges';
import { usePagedList } from '../../hooks/usePagedList';
import { useSession } from '../../hooks/useSession';
import { useSubmit } from '../../hooks/useSubmit';
import { zh } from '../../i18n/zh';
import { listNotifications, markNotificationRead, readAllNotifications } from '../../services/notifications';
import { errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

/** 消息: ticket progress, new tickets, urges — newest first; tapping one opens its ticket. */
export default function MessagesPage() {
  const session = useSession();
  const list = usePagedList((cursor) => listNotifications(cursor), session.user?.id, session.signedIn);
  // New messages arrive while the page is open.
  useBadges({ onChange: () => void list.reload() });
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());

  const open = async (message: NotificationView) => {
    if (!message.readAt) await markNotificationRead(message.id).catch(() => undefined);
    void Taro.navigateTo({ url: message.page });
  };
  const readAll = useSubmit(async () => {
    try {
      await readAllNotifications();
      await list.reload();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  if (list.loading && list.items.length === 0) return <StatusView kind="loading" />;
  if (list.error && list.items.length === 0)
    return <StatusView kind="error" text={list.error} onRetry={() => void list.reload()} />;
  const unread = list.items.some((m) => !m.readAt);
  return (
    <Screen>
      {unread ? (
        <Btn block disabled={readAll.pending} onClick={() => void readAll.run()} testId="messages-read-all">
          {zh.messages.readAll}
        </Btn>
      ) : null}
      <View data-testid="message-list">
        {list.items.length === 0 ? (
          <StatusView kind="empty" text={zh.messages.empty} />
        ) : (
          list.items.map((m) => <MessageItem key={m.id} message={m} onOpen={(x) => void open(x)} />)
        )}
      </View>
      {list.hasMore ? (
        <Btn block disabled={list.loadingMore} onClick={() => void list.loadMore()}>
          {list.loadingMore ? zh.common.loading : zh.common.loadMore}
        </Btn>
      ) : null}
    </Screen>
  );
}
