import { View } from '@tarojs/components';

import { zh } from '../i18n/zh';
import { Btn } from './Btn';
import './StatusView.scss';

interface Props {
  kind: 'loading' | 'empty' | 'error';
  text?: string;
  onRetry?: () => void;
}

/** Loading, empty and error placeholders, so every list says what is going on. */
export function StatusView({ kind, text, onRetry }: Props) {
  const message = text ?? (kind === 'loading' ? zh.common.loading : '');
  return (
    <View className={`status status--${kind}`} data-testid={`status-${kind}`}>
      <View className="status__text">{message}</View>
      {kind === 'error' && onRetry ? (
        <Btn className="status__retry" testId="status-retry" onClick={onRetry}>
          {zh.common.retry}
        </Btn>
      ) : null}
    </View>
  );
}
