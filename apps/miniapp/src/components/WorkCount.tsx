import type { ListBadge } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { zh } from '../i18n/zh';

/** Above a work list: how many tickets wait, and how many of them are 紧急/特急 (live, from the badge poll). */
export function WorkCount({ badge }: { badge: ListBadge | null }) {
  if (!badge) return null;
  return (
    <View className="muted" data-testid="work-count" data-open={badge.open} data-urgent={badge.urgent}>
      {zh.badges.count(badge.open, badge.urgent)}
    </View>
  );
}
