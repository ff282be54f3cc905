import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { TokenPair } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { RoleAssignment } from '../users/role-assignment.entity';
import { User } from '../users/user.entity';
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

/**
 * Sessions: short-lived JWT access tokens naming a session row, and opaque refresh tokens
 * (`<sessionId>.<secret>`) stored hashed and rotated on every use. A revoked session stops both.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(RoleAssignment) private readonly assignments: Repository<RoleAssignment>,
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

  async revoke(sessionId: number): Promise<void> {
    await this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  /** Access token → Caller with role assignments, or 401. */
  async authenticate(accessToken: string): Promise<Caller> {
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
    // One statement: findOne with relations adds a DISTINCT pre-query on every request.
    const session = await this.sessions
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.user', 'user')
      .where('s.id = :id', { id: claims.sid })
      .getOne();
    if (!session || session.userId !== claims.sub || session.revokedAt || !session.user) throw unauthenticated();
    const assignments = await this.assignments.find({
      where: { userId: session.userId },
      select: { role: true, scopeType: true, scopeId: true },
    });
    return {
      userId: session.userId,
      sessionId: session.id,
      name: session.user.name,
      assignments: assignments.map(({ role, scopeType, scopeId }) => ({ role, scopeType, scopeId })),
    };
  }

  private async tokens(user: User, sessionId: number, secret: string): Promise<TokenPair> {
    const ttl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = await this.jwt.signAsync({ sub: user.id, sid: sessionId, iat } as object, { expiresIn: ttl });
    return { accessToken, expiresIn: ttl, refreshToken: `${sessionId}.${secret}`, user: { id: user.id, name: user.name } };
  }
}
