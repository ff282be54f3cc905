import { useCallback, useState } from 'react';

import { wechatSignIn } from '../services/api';
import { errorMessage } from '../services/request';
import { getSession, isSignedIn } from '../services/session';

export interface SilentSignInState {
  pending: boolean;
  error: string | undefined;
  /** Signs in with WeChat unless already signed in (weapp only; H5 has demo sign-in instead). */
  run: () => Promise<void>;
}

let inFlight: Promise<void> | null = null;

export function useSilentSignIn(): SilentSignInState {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(async () => {
    if (process.env.TARO_ENV !== 'weapp' || isSignedIn(getSession())) return;
    setPending(true);
    setError(undefined);
    try {
      // One exchange however many pages ask at launch.
      inFlight ??= wechatSignIn().then(() => undefined);
      await inFlight;
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      inFlight = null;
      setPending(false);
    }
  }, []);
  return { pending, error, run };
}
