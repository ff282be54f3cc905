import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { DemoUserView, TokenPair } from '@doorstep/contracts';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { isUniqueViolation } from '../common/database/db-errors';
import { DEMO_ACCOUNTS } from '../seed/demo-accounts';
import { RoleAssignment } from '../users/role-assignment.entity';
import { User } from '../users/user.entity';
import { SessionsService } from './sessions.service';
import { WechatClient } from '../wechat/wechat.client';

const DEMO_PHONES = new Set(DEMO_ACCOUNTS.map((a) => a.phone));

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(RoleAssignment) private readonly assignments: Repository<RoleAssignment>,
    private readonly sessions: SessionsService,
    private readonly wechat: WechatClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signInWithWechat(code: string): Promise<TokenPair> {
    const wx = await this.wechat.code2Session(code);
    const user = await this.findOrCreateWechatUser(wx.openid, wx.unionid ?? null);
    await this.users.update({ id: user.id }, { wechatSessionKey: wx.sessionKey, unionid: wx.unionid ?? user.unionid });
    return this.sessions.open(user, 'wechat');
  }

  private async findOrCreateWechatUser(openid: string, unionid: string | null): Promise<User> {
    const existing = await this.users.findOne({ where: { openid } });
    if (existing) return existing;
    try {
      return await this.users.save(this.users.create({ name: '微信用户', openid, unionid, phone: null }));
    } catch (error) {
      // Two first sign-ins raced; the other one created the user.
      if (isUniqueViolation(error)) return this.users.findOneOrFail({ where: { openid } });
      throw error;
    }
  }

  /** Off (always, in production): the demo routes answer exactly as a route that does not exist. */
  requireDemo(): void {
    if (!this.config.DEMO_LOGIN || this.config.NODE_ENV === 'production') throw new DomainError('ROUTE_NOT_FOUND', 404);
  }

  /** Only the seeded demo accounts: any other phone is unknown here, whoever it belongs to. */
  async signInAsDemo(phone: string): Promise<TokenPair> {
    this.requireDemo();
    const user = DEMO_PHONES.has(phone) ? await this.users.findOne({ where: { phone } }) : null;
    if (!user) throw new DomainError('USER_NOT_FOUND', 404);
    return this.sessions.open(user, 'demo');
  }

  async demoUsers(): Promise<DemoUserView[]> {
    this.requireDemo();
    const users = await this.users.find({ where: { phone: In(DEMO_ACCOUNTS.map((a) => a.phone)) } });
    const roles = await this.assignments.find({ where: { userId: In(users.map((u) => u.id)) } });
    return DEMO_ACCOUNTS.flatMap((account) => {
      const user = users.find((u) => u.phone === account.phone);
      if (!user) return [];
      const held = roles.filter((r) => r.userId === user.id).map((r) => r.role);
      return [
        {
          phone: account.phone,
          name: user.name,
          roles: held.length ? [...new Set(held)] : ['resident'],
          description: account.description,
        },
      ];
    });
  }
}
