import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { IsNull, type DataSource, type Repository } from 'typeorm';
import type { Role, ScopeType, TokenPair } from '@doorstep/contracts';
import type { Assignment, Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { User } from '../users/user.entity';
import { AuthChanges } from './auth-changes.service';
import type { KnownCaller } from './caller-cache';
import { Session } from './session.entity';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const unauthenticated = () => new DomainError('UNAUTHENTICATED', 401);
const refreshInvalid = () => new DomainError('REFRESH_TOKEN_INVALID', 401);

interface AccessClaims {
  sub: number;
  sid: number;
  exp: number;
}

const positiveInteger = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/**
 * The claims we sign, checked for shape: user and session ids are positive integers and the token
 * expires. Anything else — a token signed with our key but not minted by `tokens()` — is refused.
 */
function accessClaims(payload: unknown): AccessClaims | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { sub, sid, exp, iat } = payload as Record<string, unknown>;
  if (!positiveInteger(sub) || !positiveInteger(sid) || !positiveInteger(exp)) return null;
  if (iat !== undefined && !positiveInteger(iat)) return null;
  return { sub, sid, exp };
}

/** The token names the session's own user, or it is not one we issued. */
function asCaller(claims: AccessClaims, known: KnownCaller): Caller {
  if (known.userId !== claims.sub) throw unauthenticated();
  return { userId: known.userId, sessionId: claims.sid, name: known.name, assignments: known.assignments as Assignment[] };
}

/**
 * Sessions: short-lived JWT access tokens naming a session row, and opaque refresh tokens
 * (`<sessionId>.<secret>`) stored hashed and rotated on every use. A revoked session stops both.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly changes: AuthChanges,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(user: User, method: Session['method']): Promise<TokenPair> {
    const secret = randomBytes(32).toString('base64url');
    const session = await this.sessions.save(
      this.sessions.create({
        userId: user.id,
        method,
        refreshHash: sha256(secret),
        previousHash: null,
        expiresAt: new Date(this.clock.now().getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
        revokedAt: null,
      }),
    );
    return this.tokens(user, session.id, secret);
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const [idPart, secret] = refreshToken.split('.');
    const id = Number(idPart);
    if (!Number.isInteger(id) || id <= 0 || !secret) throw refreshInvalid();
    const session = await this.sessions.findOne({ where: { id } });
    if (!session || session.revokedAt || session.expiresAt <= this.clock.now()) throw refreshInvalid();
    const presented = sha256(secret);
    if (presented === session.previousHash) {
      // A rotated-away token came back: someone else holds this session's tokens. End it.
      await this.revoke(session.id);
      throw refreshInvalid();
    }
    if (presented !== session.refreshHash) throw refreshInvalid();
    const next = randomBytes(32).toString('base64url');
    const rotated = await this.sessions
      .createQueryBuilder()
      .update()
      .set({ refreshHash: sha256(next), previousHash: presented })
      .where('id = :id AND refresh_hash = :presented AND revoked_at IS NULL', { id, presented })
      .execute();
    if (!rotated.affected) throw refreshInvalid();
    const user = await this.users.findOneByOrFail({ id: session.userId });
    return this.tokens(user, session.id, next);
  }

  /** Ends a session everywhere: this instance at once, the others within AUTH_SYNC_INTERVAL_MS. */
  async revoke(sessionId: number): Promise<void> {
    await this.changes.record({ sessionId }, (tx) =>
      tx.update(Session, { id: sessionId, revokedAt: IsNull() }, { revokedAt: this.clock.now() }),
    );
  }

  /**
   * Access token → Caller with role assignments, or 401. A caller this instance already knows costs no
   * database round trip; otherwise one statement reads the session, the person and their roles.
   */
  async authenticate(accessToken: string): Promise<Caller> {
    const claims = await this.verify(accessToken);
    const cache = this.changes.cache;
    const known = cache.get(claims.sid);
    // A revocation is final; anything else is believed only while the change feed is being read.
    if (known === 'revoked') throw unauthenticated();
    if (known && this.changes.trusted) return asCaller(claims, known);
    const ticket = cache.ticket();
    const loaded = await this.loadCaller(claims.sid);
    if (loaded === 'revoked') cache.revokeSession(claims.sid);
    if (!loaded || loaded === 'revoked') throw unauthenticated();
    cache.put(ticket, claims.sid, loaded);
    return asCaller(claims, loaded);
  }

  private async verify(accessToken: string): Promise<AccessClaims> {
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync<object>(accessToken, {
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch (error) {
      if (error instanceof TokenExpiredError) throw new DomainError('TOKEN_EXPIRED', 401);
      throw unauthenticated();
    }
    const claims = accessClaims(payload);
    if (!claims) throw unauthenticated();
    return claims;
  }

  /** The session's person and roles in one statement; null when the session does not exist. */
  private async loadCaller(sessionId: number): Promise<KnownCaller | 'revoked' | null> {
    const rows: Array<{
      user_id: number;
      revoked_at: Date | string | null;
      name: string;
      role: Role | null;
      scope_type: ScopeType | null;
      scope_id: number | null;
    }> = await this.db.query(
      `SELECT s.user_id, s.revoked_at, u.name, a.role, a.scope_type, a.scope_id
         FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN role_assignments a ON a.user_id = s.user_id
        WHERE s.id = ?`,
      [sessionId],
    );
    if (!rows.length) return null;
    if (rows[0].revoked_at !== null) return 'revoked';
    return {
      userId: Number(rows[0].user_id),
      name: rows[0].name,
      assignments: rows
        .filter((r) => r.role !== null)
        .map((r) => ({ role: r.role!, scopeType: r.scope_type!, scopeId: Number(r.scope_id) })),
    };
  }

  private async tokens(user: User, sessionId: number, secret: string): Promise<TokenPair> {
    const ttl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = await this.jwt.signAsync({ sub: user.id, sid: sessionId, iat } as object, { expiresIn: ttl });
    return { accessToken, expiresIn: ttl, refreshToken: `${sessionId}.${secret}`, user: { id: user.id, name: user.name } };
  }
}
