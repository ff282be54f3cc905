import Taro, { usePullDownRefresh } from '@tarojs/taro';

import { ClaimForm } from '../../components/ClaimForm';
import { MembershipList } from '../../components/MembershipList';
import { Screen, Section } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { useClaimHousehold } from '../../hooks/useClaimHousehold';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useSession } from '../../hooks/useSession';
import { zh } from '../../i18n/zh';

/** 我的房屋: households claimed (pending / verified / refused) and a form to claim one. */
export default function HouseholdsPage() {
  const session = useSession();
  const preselect = intParam(usePageParams().compoundId);
  const claim = useClaimHousehold(session.signedIn ? (session.user?.id ?? null) : null, session.recentCompounds, preselect);
  const memberships = claim.memberships;
  usePullDownRefresh(() => void memberships.reload().finally(() => Taro.stopPullDownRefresh()));

  let list;
  if (memberships.loading && !memberships.data) list = <StatusView kind="loading" />;
  else if (memberships.error)
    list = <StatusView kind="error" text={memberships.error} onRetry={() => void memberships.reload()} />;
  else if (!memberships.data?.length) list = <StatusView kind="empty" text={zh.households.empty} />;
  else list = <MembershipList items={memberships.data} />;

  return (
    <Screen>
      <Section title={zh.households.title}>{list}</Section>
      <Section title={zh.households.claimTitle}>
        <ClaimForm
          compounds={claim.compounds}
          buildings={claim.buildings}
          households={claim.households}
          loadingOptions={claim.loadingOptions}
          selection={claim.selection}
          onChange={claim.setSelection}
          submitting={claim.submitting}
          onSubmit={claim.submit}
        />
      </Section>
    </Screen>
  );
}
