import { useSyncExternalStore } from 'react';

import { getSession, isSignedIn, subscribeSession, type SessionState } from '../services/session';

export interface SessionView extends SessionState {
  signedIn: boolean;
}

/** The persisted session, re-rendering on every change (sign-in, refresh, role, elderly mode). */
export function useSession(): SessionView {
  const state = useSyncExternalStore(subscribeSession, getSession, getSession);
  return { ...state, signedIn: isSignedIn(state) };
}
