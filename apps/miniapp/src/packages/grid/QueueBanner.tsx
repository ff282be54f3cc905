import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';

import { useVisitQueue } from '../../hooks/useVisitQueue';
import { zh } from '../../i18n/zh';

/** 「3 条待上传」 at the top of a grid page, opening 待上传; nothing when the queue is empty. */
export function QueueBanner() {
  const queue = useVisitQueue();
  if (queue.items.length === 0) return null;
  const parts = [
    queue.pending > 0 ? zh.visitQueue.unsent(queue.pending) : null,
    queue.refused > 0 ? zh.visitQueue.refusedCount(queue.refused) : null,
  ];
  return (
    <View
      className={queue.refused > 0 ? 'grid-banner grid-banner--refused' : 'grid-banner'}
      data-testid="queue-banner"
      data-pending={queue.pending}
      onClick={() => void Taro.navigateTo({ url: '/packages/grid/queue' })}
    >
      {parts.filter(Boolean).join(zh.common.separator)}
    </View>
  );
}
