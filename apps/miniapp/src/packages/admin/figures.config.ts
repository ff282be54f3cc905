import { zhAdmin } from '../../i18n/admin';

export default definePageConfig({ navigationBarTitleText: zhAdmin.figures.title, enablePullDownRefresh: true });
