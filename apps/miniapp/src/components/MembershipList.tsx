import { MEMBERSHIP_RELATION_LABELS, MEMBERSHIP_STATUS_LABELS, type MembershipView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { zh } from '../i18n/zh';
import { cx } from './cx';
import './MembershipList.scss';

/** The resident's households: pending claims, verified homes, refused ones with the reason. */
export function MembershipList({ items }: { items: MembershipView[] }) {
  return (
    <View data-testid="membership-list">
      {items.map((m) => (
        <View key={m.id} className="card membership" data-testid="membership-item" data-status={m.status}>
          <View className="membership__head">
            <View className="membership__place">
              {m.compoundName} {m.householdLabel}
            </View>
            <View className={cx('membership__status', `membership__status--${m.status}`)}>
              {MEMBERSHIP_STATUS_LABELS[m.status]}
            </View>
          </View>
          <View className="muted">{MEMBERSHIP_RELATION_LABELS[m.relation]}</View>
          {m.rejectReason ? <View className="membership__reason">{zh.households.rejectReason(m.rejectReason)}</View> : null}
        </View>
      ))}
    </View>
  );
}
