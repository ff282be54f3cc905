import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';

import { Btn } from '../components/Btn';
import { DemoUserList } from '../components/DemoUserList';
import { Section } from '../components/Screen';
import { StatusView } from '../components/StatusView';
import { useDemoUsers } from '../hooks/useDemoUsers';
import { useSilentSignIn } from '../hooks/useSilentSignIn';
import { zh } from '../i18n/zh';
import { demoSignIn } from '../services/api';
import { toast } from '../services/toast';
import { errorMessage, isApiError } from '../services/request';

/**
 * Signing in where the user is: on 我的, and in place of a form that needs it (a report opened from a
 * QR code), so the page they were on simply carries on once the session exists.
 * The mini-program signs in silently with WeChat (this shows only if that failed); H5 offers the demo
 * accounts when the API has demo sign-in (its routes answer 404 where it is off).
 */
export function SignInPanel({ hint }: { hint?: string }) {
  return process.env.TARO_ENV === 'weapp' ? <WechatSignIn hint={hint} /> : <DemoSignIn hint={hint} />;
}

function WechatSignIn({ hint }: { hint?: string }) {
  const silent = useSilentSignIn();
  return (
    <View className="card" data-testid="sign-in-panel">
      {hint ? <View className="muted">{hint}</View> : null}
      {silent.pending ? <View className="muted">{zh.me.wechatSigningIn}</View> : null}
      {silent.error ? <View className="form-error">{silent.error}</View> : null}
      <Btn kind="primary" block disabled={silent.pending} onClick={() => void silent.run()}>
        {zh.me.wechatRetry}
      </Btn>
    </View>
  );
}

function DemoSignIn({ hint }: { hint?: string }) {
  const demoUsers = useDemoUsers(true);
  // Where demo sign-in is off its routes do not exist (404): nothing else says whether it is on.
  const demoOff = isApiError(demoUsers.failure) && demoUsers.failure.statusCode === 404;
  const [pending, setPending] = useState<string | null>(null);

  const signIn = async (phone: string) => {
    setPending(phone);
    try {
      await demoSignIn(phone);
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setPending(null);
    }
  };

  let body: ReactNode;
  if (demoUsers.loading && !demoUsers.data) body = <StatusView kind="loading" />;
  else if (demoOff) body = <StatusView kind="empty" text={zh.me.demoDisabled} />;
  else if (demoUsers.error) body = <StatusView kind="error" text={demoUsers.error} onRetry={() => void demoUsers.reload()} />;
  else if (!demoUsers.data?.length) body = <StatusView kind="empty" text={zh.me.demoEmpty} />;
  else body = <DemoUserList users={demoUsers.data} pending={pending} onSignIn={(phone) => void signIn(phone)} />;

  return (
    <View data-testid="sign-in-panel">
      <Section title={zh.me.demoTitle}>
        <View className="muted hint">{hint ?? zh.me.demoHint}</View>
        {body}
      </Section>
    </View>
  );
}
