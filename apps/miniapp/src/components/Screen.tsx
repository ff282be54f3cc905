import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';

import { useOnline } from '../hooks/useOnline';
import { useSession } from '../hooks/useSession';
import { zh } from '../i18n/zh';
import { cx } from './cx';
import './Screen.scss';

/**
 * Page frame: applies 长辈模式 from the session and says so when the phone is offline (`offlineText`:
 * what this page can still do then, e.g. record visits to send later).
 */
export function Screen({ children, offlineText }: PropsWithChildren<{ offlineText?: string }>) {
  const { elderly } = useSession();
  const online = useOnline();
  return (
    <View className={cx('screen', elderly && 'screen--elderly')} data-testid="screen" data-elderly={elderly ? 'true' : 'false'}>
      {online ? null : (
        <View className="offline-banner" data-testid="offline-banner">
          {offlineText ?? zh.errors.offline}
        </View>
      )}
      {children}
    </View>
  );
}

export function Section({ title, children }: PropsWithChildren<{ title: string }>) {
  return (
    <View className="section">
      <View className="section__title">{title}</View>
      {children}
    </View>
  );
}
