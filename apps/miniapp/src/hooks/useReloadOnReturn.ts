import { useRef } from 'react';
import { useDidShow } from '@tarojs/taro';

/** Reloads when the page shows again (back from a page that changed something), not on the first show. */
export function useReloadOnReturn(reload: () => Promise<unknown> | void): void {
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void reload();
    shown.current = true;
  });
}
