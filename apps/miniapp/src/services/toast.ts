import Taro from '@tarojs/taro';

/** A short message over the page: success ticks, refusals and network trouble. */
export function toast(title: string, icon: 'success' | 'none' = 'none'): void {
  void Taro.showToast({ title, icon, duration: 2000 });
}

/** Asks once before something that cannot be undone (停用, 移除, 驳回); resolves true on 确定. */
export async function confirmOnce(content: string, confirmText = '确定'): Promise<boolean> {
  try {
    const res = await Taro.showModal({ title: '请确认', content, confirmText, cancelText: '取消' });
    return res.confirm;
  } catch {
    return false;
  }
}
