import { zhLeader } from '../../i18n/leader';

export default definePageConfig({ navigationBarTitleText: zhLeader.tickets.title, enablePullDownRefresh: true });
