import { View } from '@tarojs/components';

import { cx } from '../cx';

interface Props<K extends string | number> {
  items: ReadonlyArray<{ key: K; label: string }>;
  value: K | null | undefined;
  onChange: (key: K) => void;
  /** Each chip's test id is `${testId}-${key}`. */
  testId?: string;
  /** A first chip that clears the choice (全部), active while nothing is chosen. */
  all?: { label: string; onClear: () => void };
}

/** One of a few: large chips in a wrapping row (楼栋, 类型, 角色 …). */
export function Choices<K extends string | number>({ items, value, onChange, testId, all }: Props<K>) {
  return (
    <View className="choices">
      {all ? (
        <View
          className={cx('chip', (value ?? null) === null && 'chip--active')}
          data-testid={testId ? `${testId}-all` : undefined}
          onClick={all.onClear}
        >
          {all.label}
        </View>
      ) : null}
      {items.map((item) => (
        <View
          key={item.key}
          className={cx('chip', value === item.key && 'chip--active')}
          data-testid={testId ? `${testId}-${item.key}` : undefined}
          onClick={() => onChange(item.key)}
        >
          {item.label}
        </View>
      ))}
    </View>
  );
}
