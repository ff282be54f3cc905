import { useEffect, useState } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';

/** The current time, updated every `intervalMs` while the page is visible (live countdowns). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  const [visible, setVisible] = useState(true);
  useDidShow(() => {
    setNow(Date.now());
    setVisible(true);
  });
  useDidHide(() => setVisible(false));
  useEffect(() => {
    if (!visible) return undefined;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, visible]);
  return now;
}
