import { zhAdmin } from '../../i18n/admin';

export default definePageConfig({ navigationBarTitleText: zhAdmin.billing.mineTitle, enablePullDownRefresh: true });
