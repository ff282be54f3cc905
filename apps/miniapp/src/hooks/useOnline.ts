import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';

/**
 * Whether the phone has a network connection, to say so before a request fails. The browser's
 * online/offline events on H5 (Taro's H5 network API only follows navigator.connection), the
 * platform's network status on the mini-program.
 */
export function useOnline(): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') {
      const update = () => setOnline(navigator.onLine);
      update();
      window.addEventListener('online', update);
      window.addEventListener('offline', update);
      return () => {
        window.removeEventListener('online', update);
        window.removeEventListener('offline', update);
      };
    }
    const listener = (res: { isConnected: boolean }) => setOnline(res.isConnected);
    Taro.getNetworkType()
      .then((res) => setOnline(res.networkType !== 'none'))
      .catch(() => undefined);
    Taro.onNetworkStatusChange(listener);
    return () => Taro.offNetworkStatusChange(listener);
  }, []);
  return online;
}
