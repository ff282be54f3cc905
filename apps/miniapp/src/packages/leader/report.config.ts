import { zhLeader } from '../../i18n/leader';

export default definePageConfig({ navigationBarTitleText: zhLeader.report.title });
