import { View } from '@tarojs/components';

import { cx } from './cx';
import './Tabs.scss';

interface Props<K extends string> {
  items: Array<{ key: K; label: string }>;
  value: K;
  onChange: (key: K) => void;
}

/** A segmented control: one row of large tabs. */
export function Tabs<K extends string>({ items, value, onChange }: Props<K>) {
  return (
    <View className="tabs">
      {items.map((item) => (
        <View
          key={item.key}
          className={cx('tabs__item', item.key === value && 'tabs__item--active')}
          data-testid={`tab-${item.key}`}
          onClick={() => onChange(item.key)}
        >
          {item.label}
        </View>
      ))}
    </View>
  );
}
