/**
 * A test double of @tarojs/taro for component tests: the few platform calls components reach (toasts,
 * navigation) record nothing and succeed. Components under test get their data through props.
 */
const ok = () => Promise.resolve({ errMsg: 'ok' });

const Taro = {
  showToast: ok,
  navigateTo: ok,
  redirectTo: ok,
  switchTab: ok,
  previewImage: ok,
  getStorageSync: () => '',
  setStorageSync: () => undefined,
};

export default Taro;
export const useDidShow = () => undefined;
export const useDidHide = () => undefined;
export const useRouter = () => ({ params: {} });
