import { Button, View } from '@tarojs/components';

import { zh } from '../i18n/zh';
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
        <Button className="status__retry" size="mini" onClick={onRetry}>
          {zh.common.retry}
        </Button>
      ) : null}
    </View>
  );
}
