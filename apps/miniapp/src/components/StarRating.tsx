import { View } from '@tarojs/components';

import { zh } from '../i18n/zh';
import { cx } from './cx';
import './StarRating.scss';

interface Props {
  label: string;
  /** 0: not rated yet. */
  value: number;
  onChange: (value: number) => void;
  testId: string;
}

/** Five large stars to tap; the chosen level is also said in words (满意). */
export function StarRating({ label, value, onChange, testId }: Props) {
  return (
    <View className="stars" data-testid={testId} data-value={value}>
      <View className="stars__label">{label}</View>
      <View className="stars__row">
        {[1, 2, 3, 4, 5].map((n) => (
          <View
            key={n}
            className={cx('stars__star', n <= value && 'stars__star--on')}
            data-testid={`${testId}-${n}`}
            aria-label={zh.actions.stars(n)}
            onClick={() => onChange(n)}
          >
            {n <= value ? '★' : '☆'}
          </View>
        ))}
        <View className="stars__words muted">{value > 0 ? zh.actions.starNames[value - 1] : ''}</View>
      </View>
    </View>
  );
}
