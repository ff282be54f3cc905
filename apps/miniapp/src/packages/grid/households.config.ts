import { zhGrid } from '../../i18n/grid';

export default definePageConfig({ navigationBarTitleText: zhGrid.households.title, enablePullDownRefresh: true });
