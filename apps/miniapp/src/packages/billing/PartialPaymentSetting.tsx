import { ENDPOINTS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { FieldFrame } from '../../components/admin/Field';
import { useRemote } from '../../hooks/useRemote';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.billing;

/** 在线部分缴费: whether residents may pay a bill in part with WeChat (the compound's choice). */
export function PartialPaymentSetting({ compoundId }: { compoundId: number }) {
  const settings = useRemote(
    () => call(ENDPOINTS.getBillingSettings, { params: { id: compoundId } }),
    compoundId,
    compoundId > 0,
  );
  const change = useSubmit(async (allow: boolean) => {
    if (!settings.data || settings.data.allowPartialPayment === allow) return;
    try {
      await call(ENDPOINTS.updateBillingSettings, {
        params: { id: compoundId },
        body: { version: settings.data.version, allowPartialPayment: allow },
      });
      toast(t.done, 'success');
    } catch (err) {
      toast(errorMessage(err));
    }
    await settings.reload();
  });
  if (!settings.data) return null;
  return (
    <View className="card" data-testid="partial-payment">
      <FieldFrame label={t.partialPayment}>
        <Choices
          items={[
            { key: 'off', label: t.partialOff },
            { key: 'on', label: t.partialOn },
          ]}
          value={settings.data.allowPartialPayment ? 'on' : 'off'}
          onChange={(key) => void change.run(key === 'on')}
          testId="partial-payment"
        />
      </FieldFrame>
    </View>
  );
}
