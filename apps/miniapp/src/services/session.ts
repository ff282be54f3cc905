import Taro from '@tarojs/taro';
import type { Role, TokenPair } from '@doorstep/contracts';

/**
 * Persisted session state, and only that: what must survive a restart of the app.
 * Loading flags, fetched data and errors are UI state and live in hooks, never here.
 */
export interface SessionState {
  accessToken: string | null;
  refreshToken: string | null;
  /** Who the tokens belong to, so the name shows before /me answers. */
  user: TokenPair['user'] | null;
  /** The role the user chose to act as; null means "the first one they hold". */
  role: Role | null;
  /** 长辈模式: larger text, larger touch targets, more contrast. Kept across sign-outs: it belongs to the device, not the account. */
  elderly: boolean;
  /**
   * Compounds the person reached by scanning a code, newest first: a resident who is not yet
   * verified anywhere can come back to report again or claim their household there.
   */
  recentCompounds: RecentCompound[];
}

export interface RecentCompound {
  id: number;
  name: string;
}

const RECENT_COMPOUNDS_MAX = 3;

const STORAGE_KEY = 'doorstep.session.v1';

const EMPTY: SessionState = {
  accessToken: null,
  refreshToken: null,
  user: null,
  role: null,
  elderly: false,
  recentCompounds: [],
};

function load(): SessionState {
  try {
    const stored: unknown = Taro.getStorageSync(STORAGE_KEY);
    if (stored && typeof stored === 'object') {
      const merged = { ...EMPTY, ...(stored as Partial<SessionState>) };
      if (!Array.isArray(merged.recentCompounds)) merged.recentCompounds = [];
      return merged;
    }
  } catch {
    // Unreadable storage: start signed out rather than crash.
  }
  return EMPTY;
}

let state: SessionState = load();
const listeners = new Set<() => void>();

function update(patch: Partial<SessionState>): void {
  state = { ...state, ...patch };
  try {
    Taro.setStorageSync(STORAGE_KEY, state);
  } catch {
    // Storage full or unavailable: keep the in-memory session for this run.
  }
  listeners.forEach((listener) => listener());
}

/** Current snapshot; a new object after every change (safe for useSyncExternalStore). */
export function getSession(): SessionState {
  return state;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function isSignedIn(s: SessionState = state): boolean {
  return Boolean(s.accessToken && s.refreshToken);
}

export function setTokens(pair: TokenPair): void {
  const sameUser = state.user?.id === pair.user.id;
  update({
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    user: pair.user,
    role: sameUser ? state.role : null,
  });
}

export function clearTokens(): void {
  update({ accessToken: null, refreshToken: null, user: null, role: null });
}

export function setRole(role: Role): void {
  update({ role });
}

export function setElderly(elderly: boolean): void {
  update({ elderly });
}

export function rememberCompound(compound: RecentCompound): void {
  if (state.recentCompounds[0]?.id === compound.id && state.recentCompounds[0].name === compound.name) return;
  const rest = state.recentCompounds.filter((c) => c.id !== compound.id);
  update({ recentCompounds: [{ id: compound.id, name: compound.name }, ...rest].slice(0, RECENT_COMPOUNDS_MAX) });
}
