import Taro from '@tarojs/taro';
import type { PropsWithChildren, ReactNode } from 'react';
import { View } from '@tarojs/components';

import { Screen } from '../Screen';
import './admin.scss';

interface Props {
  /** The form that sits beside the list on a wide screen (below it on a phone). */
  aside?: ReactNode;
  testId?: string;
}

/**
 * Frame of an admin page. On a phone: one column. From 1024 px (a manager at a desk): the list and its
 * form side by side, the whole at most 1200 px wide, so nothing stretches across the screen.
 */
export function AdminPage({ aside, testId, children }: PropsWithChildren<Props>) {
  return (
    <Screen>
      <View className={aside ? 'admin admin--split' : 'admin'} data-testid={testId}>
        <View className="admin__main">{children}</View>
        {aside ? <View className="admin__aside">{aside}</View> : null}
      </View>
    </Screen>
  );
}

/** Below 1024 px the form sits under the list: bring it into view when a row is opened for editing. */
export function showAsideForm(): void {
  if (Taro.getSystemInfoSync().windowWidth >= 1024) return;
  // After the render that fills (or first shows) the form.
  setTimeout(() => void Taro.pageScrollTo({ selector: '.admin__aside', duration: 200 }).catch(() => undefined), 50);
}
