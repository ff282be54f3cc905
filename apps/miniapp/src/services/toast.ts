import Taro from '@tarojs/taro';

/** A short message over the page: success ticks, refusals and network trouble. */
export function toast(title: string, icon: 'success' | 'none' = 'none'): void {
  void Taro.showToast({ title, icon, duration: 2000 });
}
