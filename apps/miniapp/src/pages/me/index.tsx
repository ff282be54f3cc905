import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Switch, View } from '@tarojs/components';

import { Btn } from '../../components/Btn';
import { ProfileCard } from '../../components/ProfileCard';
import { Screen } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { useBadges } from '../../hooks/useBadges';
import { useMe } from '../../hooks/useMe';
import { useRoles } from '../../hooks/useRoles';
import { useSession } from '../../hooks/useSession';
import { zh } from '../../i18n/zh';
import { signOut } from '../../services/api';
import { toast } from '../../services/toast';
import { setElderly } from '../../services/session';
import { SignInPanel } from '../../screens/SignInPanel';
import './index.scss';

function LinkRow({ text, url, testId }: { text: string; url: string; testId: string }) {
  return (
    <View className="me__row me__link" data-testid={testId} onClick={() => void Taro.navigateTo({ url })}>
      {text}
      <View>›</View>
    </View>
  );
}

/**
 * 我的: who is signed in and their roles, their links, the settings, and — last, set apart from the
 * 长辈模式 switch it used to sit right above — 退出登录, which asks first.
 */
export default function MePage() {
  const session = useSession();
  // The 首页 tab's unread badge stays current while 我的 is open.
  useBadges({ tabBar: true });
  return (
    <Screen>
      {session.signedIn ? <SignedIn /> : <SignInPanel />}
      <View className="card">
        <View className="me__row">
          <View>
            <View>{zh.me.elderlyMode}</View>
            <View className="muted">{zh.me.elderlyHint}</View>
          </View>
          <Switch
            className="switch"
            checked={session.elderly}
            data-testid="elderly-mode"
            onChange={(event) => setElderly(event.detail.value)}
          />
        </View>
        <LinkRow text={zh.me.about} url="/packages/about/index" testId="about-link" />
      </View>
      {session.signedIn ? <SignOutButton /> : null}
    </Screen>
  );
}

function SignOutButton() {
  const [signingOut, setSigningOut] = useState(false);

  const confirmAndSignOut = async () => {
    const answer = await Taro.showModal({
      title: zh.me.signOutTitle,
      content: zh.me.signOutConfirm,
      confirmText: zh.me.signOut,
      confirmColor: '#cf1322',
      cancelText: zh.common.cancel,
    }).catch(() => ({ confirm: false }));
    if (!answer.confirm) return;
    setSigningOut(true);
    await signOut();
    // The button unmounts once the session is cleared; nothing to reset.
    toast(zh.me.signedOut, 'success');
  };

  return (
    <Btn
      kind="danger"
      block
      className="me__sign-out"
      disabled={signingOut}
      testId="sign-out"
      onClick={() => void confirmAndSignOut()}
    >
      {zh.me.signOut}
    </Btn>
  );
}

function SignedIn() {
  const session = useSession();
  const me = useMe(session.user?.id ?? null);
  const roles = useRoles(me.data, session.role);

  const chooseRole = (role: (typeof roles.options)[number]['role']) => {
    roles.choose(role);
    const label = roles.options.find((o) => o.role === role)?.label;
    if (label) toast(zh.me.roleSwitched(label));
  };

  return (
    <View>
      <ProfileCard
        name={me.data?.user.name ?? session.user?.name ?? ''}
        roles={roles.options}
        currentRole={roles.current}
        loadingRoles={me.loading}
        onChooseRole={chooseRole}
      />
      {me.error ? <StatusView kind="error" text={me.error} onRetry={() => void me.reload()} /> : null}
      <View className="card">
        <LinkRow text={zh.me.myTickets} url="/packages/resident/tickets" testId="my-tickets-link" />
        <LinkRow text={zh.me.myHouseholds} url="/packages/resident/households" testId="households-link" />
      </View>
    </View>
  );
}
