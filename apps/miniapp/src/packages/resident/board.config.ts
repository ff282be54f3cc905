import { zh } from '../../i18n/zh';

export default definePageConfig({
  navigationBarTitleText: zh.board.title,
  enablePullDownRefresh: true,
});
