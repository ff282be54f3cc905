import Taro from '@tarojs/taro';
import {
  ENDPOINTS,
  type CompoundView,
  type DemoUserView,
  type HealthView,
  type MeView,
  type Page,
  type TokenPair,
} from '@doorstep/contracts';

import { call, type QueryOf } from './request';
import { clearTokens, getSession, isSignedIn, setTokens } from './session';

export function getHealth(): Promise<HealthView> {
  return call(ENDPOINTS.health);
}

export function listDemoUsers(): Promise<DemoUserView[]> {
  return call(ENDPOINTS.demoUsers);
}

/** Signs in as a demo user and stores the tokens. */
export async function demoSignIn(phone: string): Promise<TokenPair> {
  const pair = await call(ENDPOINTS.demoSignIn, { body: { phone } });
  setTokens(pair);
  return pair;
}

/**
 * Silent WeChat sign-in (weapp only): wx.login gives a one-time code, the API exchanges it with
 * WeChat for the openid and answers with our own tokens. Never shows anything to the user.
 */
export async function wechatSignIn(): Promise<TokenPair> {
  const { code } = await Taro.login();
  const pair = await call(ENDPOINTS.wechatSignIn, { body: { code } });
  setTokens(pair);
  return pair;
}

/** Revokes the session on the server when it can; always forgets it locally. */
export async function signOut(): Promise<void> {
  try {
    if (isSignedIn(getSession())) await call(ENDPOINTS.signOut);
  } catch {
    // Offline or already expired: the local sign-out below is what the user asked for.
  } finally {
    clearTokens();
  }
}

export function getMe(): Promise<MeView> {
  return call(ENDPOINTS.me);
}

export function listCompounds(query?: QueryOf<typeof ENDPOINTS.listCompounds>): Promise<Page<CompoundView>> {
  return call(ENDPOINTS.listCompounds, { query });
}
