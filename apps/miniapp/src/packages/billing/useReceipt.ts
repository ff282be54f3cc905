import { ENDPOINTS } from '@doorstep/contracts';

import { useSubmit } from '../../hooks/useSubmit';
import { deliverFile, fileUrl } from '../../services/files';
import { errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

/** 收据 of a payment as a PDF: downloaded on H5, opened in WeChat's viewer on weapp. */
export function useReceipt() {
  return useSubmit(async (paymentId: number, receiptNo: string) => {
    try {
      await deliverFile(fileUrl(ENDPOINTS.paymentReceiptPdf, { id: paymentId }), 'pdf', `收据-${receiptNo}.pdf`);
    } catch (err) {
      toast(errorMessage(err));
    }
  });
}
