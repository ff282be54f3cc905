import type { NotificationView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { formatTime } from '../format';
import { cx } from './cx';
import './MessageItem.scss';

interface Props {
  message: NotificationView;
  onOpen: (message: NotificationView) => void;
}

/** One notification: unread ones carry a dot and bold title until opened. */
export function MessageItem({ message, onOpen }: Props) {
  const unread = !message.readAt;
  return (
    <View
      className={cx('card', 'message', unread && 'message--unread')}
      data-testid="message-item"
      data-unread={unread ? 'true' : 'false'}
      onClick={() => onOpen(message)}
    >
      <View className="message__head">
        {unread ? <View className="message__dot" /> : null}
        <View className="message__title">{message.title}</View>
      </View>
      <View className="message__body">{message.body}</View>
      <View className="message__time muted">{formatTime(message.createdAt)}</View>
    </View>
  );
}
