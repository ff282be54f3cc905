import { useState } from 'react';
import { ENDPOINTS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Btn } from '../../components/Btn';
import { shanghaiDate } from '../../format';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { deliverFile, fileUrl } from '../../services/files';
import { errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.billing;

const FILES = [
  { key: 'bills', endpoint: ENDPOINTS.exportBills, label: t.exportBills, name: t.tabs.bills },
  { key: 'payments', endpoint: ENDPOINTS.exportPayments, label: t.exportPayments, name: t.tabs.payments },
  { key: 'arrears', endpoint: ENDPOINTS.exportArrears, label: t.exportArrears, name: t.tabs.arrears },
] as const;

/** 导出: the compound's bills, payments and arrears as XLSX files (the whole compound, up to the server's row cap). */
export function ExportBar({ compoundId }: { compoundId: number }) {
  const [busy, setBusy] = useState<string | null>(null);
  const download = useSubmit(async (file: (typeof FILES)[number]) => {
    setBusy(file.key);
    try {
      await deliverFile(fileUrl(file.endpoint, { id: compoundId }), 'xlsx', t.exportName(file.name, shanghaiDate()));
      toast(t.exported, 'success');
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setBusy(null);
    }
  });
  return (
    <View className="admin-toolbar" data-testid="billing-exports">
      {FILES.map((file) => (
        <Btn key={file.key} disabled={download.pending} testId={`export-${file.key}`} onClick={() => void download.run(file)}>
          {busy === file.key ? t.exporting : file.label}
        </Btn>
      ))}
    </View>
  );
}
