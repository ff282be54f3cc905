import type { Assignment } from '../common/auth/caller';

/** Who a session belongs to, as a request needs it. */
export interface KnownCaller {
  userId: number;
  name: string;
  assignments: readonly Assignment[];
}

/**
 * A safety net only: entries are dropped by the change feed, but a change made behind the API's back
 * (an SQL console) is picked up after this long.
 */
export const CALLER_MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 100_000;

/**
 * This instance's memory of callers: live sessions (→ user), users (name and roles) and revoked sessions.
 * Filled by authentication, emptied by the auth change feed. Bounded: the oldest entries go first.
 */
export class CallerCache {
  private readonly sessions = new Map<number, { userId: number; at: number }>();
  private readonly users = new Map<number, { name: string; assignments: readonly Assignment[]; at: number }>();
  private readonly revoked = new Map<number, true>();
  /** Bumped by every change applied: a load that began before a change must not be stored after it. */
  private generation = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The caller of a session, 'revoked', or null when this instance does not know (any more). */
  get(sessionId: number): KnownCaller | 'revoked' | null {
    if (this.revoked.has(sessionId)) return 'revoked';
    const session = this.sessions.get(sessionId);
    const user = session && this.users.get(session.userId);
    if (!session || !user) return null;
    const oldest = this.now() - CALLER_MAX_AGE_MS;
    if (session.at < oldest || user.at < oldest) return null;
    return { userId: session.userId, name: user.name, assignments: user.assignments };
  }

  /** A token for `put`: taken before reading the database. */
  ticket(): number {
    return this.generation;
  }

  /** Stores what was read from the database, unless a change arrived meanwhile (then the next request reads again). */
  put(ticket: number, sessionId: number, caller: KnownCaller): void {
    if (ticket !== this.generation) return;
    const at = this.now();
    bounded(this.sessions).set(sessionId, { userId: caller.userId, at });
    bounded(this.users).set(caller.userId, { name: caller.name, assignments: Object.freeze([...caller.assignments]), at });
  }

  revokeSession(sessionId: number): void {
    this.generation++;
    this.sessions.delete(sessionId);
    bounded(this.revoked).set(sessionId, true);
  }

  forgetUser(userId: number): void {
    this.generation++;
    this.users.delete(userId);
  }

  /** Forgets everything but revocations (they are final). */
  clear(): void {
    this.generation++;
    this.sessions.clear();
    this.users.clear();
  }
}

/** Makes room for one more entry by dropping the oldest inserted. */
function bounded<K, V>(map: Map<K, V>): Map<K, V> {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as K);
  return map;
}
