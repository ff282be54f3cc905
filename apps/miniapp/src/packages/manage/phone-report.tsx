import Taro from '@tarojs/taro';

import { AdminPage } from '../../components/admin/AdminPage';
import { OnBehalfForm } from '../../components/OnBehalfForm';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { zhAdmin } from '../../i18n/admin';
import { ticketPage } from '../../services/navigation';

const t = zhAdmin.phoneReport;

/**
 * 代客报事: staff file a ticket for a resident who called or came to the desk (source phone). The
 * ticket is the household's: a caller whose phone has an account sees it in 我的工单.
 */
export default function PhoneReportPage() {
  const compoundId = intParam(usePageParams().compoundId) ?? 0;
  return (
    <AdminPage testId="phone-report-page">
      <OnBehalfForm
        compoundId={compoundId}
        mode={{ kind: 'phone' }}
        text={t}
        testId="phone"
        onFiled={(ticket) => void Taro.redirectTo({ url: ticketPage.staff(ticket.id) })}
      />
    </AdminPage>
  );
}
