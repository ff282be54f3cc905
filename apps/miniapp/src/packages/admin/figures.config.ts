import { zhFigures } from '../../i18n/figures';

export default definePageConfig({ navigationBarTitleText: zhFigures.title, enablePullDownRefresh: true });
