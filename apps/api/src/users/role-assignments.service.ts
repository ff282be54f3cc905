import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import {
  GRANTABLE_ROLES,
  ROLE_SCOPES,
  roleHasPermission,
  type Page,
  type Role,
  type RoleAssignmentView,
  type ScopeType,
} from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { PLATFORM, scopeKey } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { forbidden, notFound, unprocessable } from '../common/errors/domain-error';
import { byId, keysetPage } from '../common/pagination/keyset';
import type { CreateRoleAssignmentDto, ListRoleAssignmentsQuery } from './dto/users.dto';
import { RoleAssignment } from './role-assignment.entity';
import { User } from './user.entity';
import { UsersService } from './users.service';

/**
 * Who may hand out which role where: a holder of `role.assign` may grant the roles GRANTABLE_ROLES lists
 * for their role, on scopes inside their own.
 */
@Injectable()
export class RoleAssignmentsService {
  constructor(
    @InjectRepository(RoleAssignment) private readonly assignments: Repository<RoleAssignment>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly usersService: UsersService,
    private readonly access: AccessService,
  ) {}

  async create(caller: Caller, dto: CreateRoleAssignmentDto): Promise<RoleAssignmentView> {
    if (!ROLE_SCOPES[dto.role].includes(dto.scopeType) || (dto.scopeType === 'platform') !== (dto.scopeId === 0)) {
      throw unprocessable('ROLE_SCOPE_INVALID', [
        { field: 'scopeType', problems: [`${dto.role} can be assigned on ${ROLE_SCOPES[dto.role].join(', ') || 'no scope'}`] },
      ]);
    }
    await this.requireGrant(caller, dto.role, dto.scopeType, dto.scopeId);
    if (!(await this.users.existsBy({ id: dto.userId }))) throw notFound('USER_NOT_FOUND');
    const saved = await this.assignments.save(this.assignments.create({ ...dto, grantedBy: caller.userId }));
    return (await this.usersService.assignmentViews([saved]))[0];
  }

  /** Who holds roles on one scope (the staff of a company, the grid workers of a grid …). */
  async list(caller: Caller, query: ListRoleAssignmentsQuery): Promise<Page<RoleAssignmentView>> {
    await this.access.require(caller, 'role.assign', { type: query.scopeType, id: query.scopeId });
    const qb = this.assignments
      .createQueryBuilder('a')
      .where('a.scope_type = :t AND a.scope_id = :i', { t: query.scopeType, i: query.scopeId });
    const page = await keysetPage(qb, query, byId('a'));
    return { items: await this.usersService.assignmentViews(page.items), nextCursor: page.nextCursor };
  }

  async forUser(userId: number): Promise<RoleAssignmentView[]> {
    return this.usersService.assignmentViews(await this.assignments.find({ where: { userId }, order: { id: 'ASC' } }));
  }

  async remove(caller: Caller, id: number): Promise<void> {
    const assignment = await this.assignments.findOneBy({ id });
    if (!assignment) throw notFound('ROLE_ASSIGNMENT_NOT_FOUND');
    await this.requireGrant(caller, assignment.role, assignment.scopeType, assignment.scopeId, 'ROLE_ASSIGNMENT_NOT_FOUND');
    await this.assignments.delete({ id });
  }

  private async requireGrant(
    caller: Caller,
    role: Role,
    scopeType: ScopeType,
    scopeId: number,
    notFoundCode?: 'ROLE_ASSIGNMENT_NOT_FOUND',
  ): Promise<void> {
    const found = await this.access.chain({ type: scopeType, id: scopeId });
    if (!found) throw notFound(notFoundCode ?? 'NOT_FOUND');
    // A company is *read* from any compound it serves, but powers over the whole company come only
    // from the company itself (or the platform): a community admin must not grant company-wide roles.
    const chain = scopeType === 'company' ? [scopeKey('company', scopeId), PLATFORM] : found;
    const granters = caller.assignments.filter(
      (a) => roleHasPermission(a.role, 'role.assign') && chain.includes(scopeKey(a.scopeType, a.scopeId)),
    );
    if (!granters.length) throw notFoundCode ? notFound(notFoundCode) : forbidden({ permission: 'role.assign' });
    if (!granters.some((a) => GRANTABLE_ROLES[a.role].includes(role))) throw forbidden({ permission: 'role.assign', role });
  }
}
