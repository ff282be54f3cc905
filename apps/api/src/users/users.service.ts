import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { In, type DataSource, type Repository } from 'typeorm';
import { maskPhone, type Page, type RoleAssignmentView, type UserView } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { AuthChanges } from '../auth/auth-changes.service';
import { scopesWith } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { updateVersioned } from '../common/database/versioned-update';
import { notFound } from '../common/errors/domain-error';
import { validationFailed } from '../common/http/validation';
import { byId, keysetPage } from '../common/pagination/keyset';
import { iso } from '../common/time';
import type { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/users.dto';
import type { RoleAssignment } from './role-assignment.entity';
import { scopeNames } from './scope-names';
import { User } from './user.entity';

const isPlatformAdmin = (caller: Caller) => scopesWith(caller.assignments, 'user.write').has('platform');

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly access: AccessService,
    private readonly changes: AuthChanges,
  ) {}

  async create(caller: Caller, dto: CreateUserDto): Promise<UserView> {
    await this.access.require(caller, 'user.write', { type: 'platform', id: 0 });
    const user = await this.users.save(this.users.create({ name: dto.name, phone: dto.phone }));
    return this.view(caller, user);
  }

  /** Platform admins page through everyone; other admins look one person up by exact phone. */
  async list(caller: Caller, query: ListUsersQuery): Promise<Page<UserView>> {
    const qb = this.users.createQueryBuilder('u');
    if (query.phone) qb.andWhere('u.phone = :phone', { phone: query.phone });
    else if (!isPlatformAdmin(caller)) {
      throw validationFailed([{ field: 'phone', problems: ['phone is required to look a person up'] }]);
    }
    const page = await keysetPage(qb, query, byId('u'));
    return { items: page.items.map((u) => this.view(caller, u)), nextCursor: page.nextCursor };
  }

  async get(caller: Caller, id: number): Promise<UserView> {
    this.requireSelfOrAdmin(caller, id);
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('USER_NOT_FOUND');
    return this.view(caller, user);
  }

  /** People edit their own name; platform admins edit anyone, phone included. */
  async update(caller: Caller, id: number, dto: UpdateUserDto): Promise<UserView> {
    this.requireSelfOrAdmin(caller, id);
    const { version, ...changes } = dto;
    if (changes.phone !== undefined && !isPlatformAdmin(caller)) {
      throw validationFailed([{ field: 'phone', problems: ['only a platform admin may change a phone number'] }]);
    }
    // The name is part of every instance's cached caller (ticket timelines show it): tell them.
    const user = await this.changes.record({ userId: id }, (tx) =>
      updateVersioned(tx.getRepository(User), id, version, changes, 'USER_NOT_FOUND'),
    );
    return this.view(caller, user);
  }

  view(caller: Caller, user: User): UserView {
    const full = caller.userId === user.id || isPlatformAdmin(caller);
    return { id: user.id, name: user.name, phone: full ? user.phone : maskPhone(user.phone), createdAt: iso(user.createdAt) };
  }

  async assignmentViews(assignments: RoleAssignment[]): Promise<RoleAssignmentView[]> {
    const names = await scopeNames(this.db, assignments);
    const userIds = [...new Set(assignments.map((a) => a.userId))];
    const people = userIds.length ? await this.users.findBy({ id: In(userIds) }) : [];
    const userNames = new Map(people.map((u) => [u.id, u.name]));
    return assignments.map((a) => ({
      id: a.id,
      userId: a.userId,
      userName: userNames.get(a.userId) ?? '',
      role: a.role,
      scopeType: a.scopeType,
      scopeId: a.scopeId,
      scopeName: names.get(`${a.scopeType}:${a.scopeId}`) ?? null,
      createdAt: iso(a.createdAt),
    }));
  }

  private requireSelfOrAdmin(caller: Caller, id: number): void {
    if (caller.userId !== id && !isPlatformAdmin(caller)) throw notFound('USER_NOT_FOUND');
  }
}
