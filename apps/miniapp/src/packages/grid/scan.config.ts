import { zhGrid } from '../../i18n/grid';

export default definePageConfig({ navigationBarTitleText: zhGrid.scan.title });
