import { ReportScreen } from '../../screens/ReportScreen';

/** 报事 (resident subpackage): the QR code's report page. */
export default function ReportPage() {
  return <ReportScreen />;
}
