import { zhGrid } from '../../i18n/grid';

export default definePageConfig({ navigationBarTitleText: zhGrid.log.title, enablePullDownRefresh: true });
