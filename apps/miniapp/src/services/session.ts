import Taro from '@tarojs/taro'
import type { Role, TokenPair } from '@doorstep/contracts'

/**
 * Persisted session state, and only that: what must survive a restart of the app.
 * Loading flags, fetched data and errors are UI state and live in hooks, never here.
 */
export interface SessionState {
  accessToken: string | null
  refreshToken: string | null
  /** Who the tokens belong to, so the name shows before /me answers. */
  user: TokenPair['user'] | null
  /** The role the user chose to act as; null means "the first one they hold". */
  role: Role | null
  /** 长辈模式: larger text. Kept across sign-outs: it belongs to the device, not the account. */
  elderly: boolean
}

const STORAGE_KEY = 'doorstep.session.v1'

const EMPTY: SessionState = {
  accessToken: null,
  refreshToken: null,
  user: null,
  role: null,
  elderly: false,
}

function load(): SessionState {
  try {
    const stored: unknown = Taro.getStorageSync(STORAGE_KEY)
    if (stored && typeof stored === 'object') return { ...EMPTY, ...(stored as Partial<SessionState>) }
  } catch {
    // Unreadable storage: start signed out rather than crash.
  }
  return EMPTY
}

let state: SessionState = load()
const listeners = new Set<() => void>()

function update(patch: Partial<SessionState>): void {
  state = { ...state, ...patch }
  try {
    Taro.setStorageSync(STORAGE_KEY, state)
  } catch {
    // Storage full or unavailable: keep the in-memory session for this run.
  }
  listeners.forEach((listener) => listener())
}

/** Current snapshot; a new object after every change (safe for useSyncExternalStore). */
export function getSession(): SessionState {
  return state
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function isSignedIn(s: SessionState = state): boolean {
  return Boolean(s.accessToken && s.refreshToken)
}

export function setTokens(pair: TokenPair): void {
  const sameUser = state.user?.id === pair.user.id
  update({
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    user: pair.user,
    role: sameUser ? state.role : null,
  })
}

export function clearTokens(): void {
  update({ accessToken: null, refreshToken: null, user: null, role: null })
}

export function setRole(role: Role): void {
  update({ role })
}

export function setElderly(elderly: boolean): void {
  update({ elderly })
}
