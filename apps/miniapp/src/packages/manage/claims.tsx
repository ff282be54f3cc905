import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { ENDPOINTS, MEMBERSHIP_RELATION_LABELS, type MembershipView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { AdminPage, showAsideForm } from '../../components/admin/AdminPage';
import { ReasonForm } from '../../components/admin/ReasonForm';
import { PagedRecords } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { PhoneLink } from '../../components/PhoneLink';
import { formatTime } from '../../format';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { usePagedList } from '../../hooks/usePagedList';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { call, errorMessage } from '../../services/request';
import { confirmOnce, toast } from '../../services/toast';

const t = zhAdmin.claims;

/** 房屋认证: pending home claims of one compound, oldest first; approve, or reject with a reason. */
export default function ClaimsPage() {
  const compoundId = intParam(usePageParams().compoundId) ?? 0;
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.listMemberships, { query: { compoundId, status: 'pending', cursor, limit: 20 } }),
    compoundId,
    compoundId > 0,
  );
  const [rejecting, setRejecting] = useState<MembershipView | null>(null);
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));

  const review = useSubmit(async (claim: MembershipView, verdict: 'verify' | 'reject', why?: string) => {
    try {
      if (verdict === 'verify') {
        await call(ENDPOINTS.verifyMembership, { params: { id: claim.id }, body: { version: claim.version } });
        toast(t.approved, 'success');
      } else {
        await call(ENDPOINTS.rejectMembership, { params: { id: claim.id }, body: { version: claim.version, reason: why } });
        toast(t.rejected, 'success');
        setRejecting(null);
      }
      await list.reload();
    } catch (err) {
      toast(errorMessage(err));
      await list.reload();
    }
  });

  const approve = async (claim: MembershipView) => {
    if (await confirmOnce(t.confirmApprove(claim.userName, claim.householdLabel))) await review.run(claim, 'verify');
  };

  const rejectForm = rejecting ? (
    <ReasonForm
      key={rejecting.id}
      title={`${t.reject}：${rejecting.userName} · ${rejecting.householdLabel}`}
      label={t.rejectReason}
      placeholder={t.rejectPlaceholder}
      action={t.reject}
      pending={review.pending}
      testId="claim-reject"
      onSend={(why) => void review.run(rejecting, 'reject', why)}
      onCancel={() => setRejecting(null)}
    />
  ) : null;

  return (
    <AdminPage testId="claims-page" aside={rejectForm}>
      <PagedRecords
        list={list}
        testId="claims"
        empty={t.empty}
        rowKey={(m) => m.id}
        columns={[
          { key: 'who', title: t.claimant, primary: true, render: (m) => m.userName },
          { key: 'home', title: t.home, render: (m) => m.householdLabel },
          { key: 'relation', title: t.relation, render: (m) => MEMBERSHIP_RELATION_LABELS[m.relation] },
          { key: 'phone', title: t.phone, render: (m) => (m.userPhone ? <PhoneLink phone={m.userPhone} /> : '—') },
          {
            key: 'match',
            title: t.ownerPhone,
            render: (m) =>
              m.ownerPhoneMatch === null ? (
                '—'
              ) : (
                <View className={m.ownerPhoneMatch ? 'admin-badge' : 'admin-badge admin-badge--danger'}>
                  {m.ownerPhoneMatch ? t.phoneMatch : t.phoneMismatch}
                </View>
              ),
          },
          { key: 'at', title: t.submitted, render: (m) => formatTime(m.createdAt) },
        ]}
        actions={(m) => (
          <View className="admin-toolbar">
            <Btn
              kind="primary"
              size="small"
              disabled={review.pending}
              testId={`claim-approve-${m.id}`}
              onClick={() => void approve(m)}
            >
              {t.approve}
            </Btn>
            <Btn
              kind="danger"
              size="small"
              disabled={review.pending}
              testId={`claim-reject-${m.id}`}
              onClick={() => {
                setRejecting(m);
                showAsideForm();
              }}
            >
              {t.reject}
            </Btn>
          </View>
        )}
      />
    </AdminPage>
  );
}
