import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { GRANTABLE_ROLES, ROLE_SCOPES, type Page, type Role, type RoleAssignmentView, type ScopeType } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { AuthChanges } from '../auth/auth-changes.service';
import { reaches, roleControl, roleControllers } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { forbidden, notFound, unprocessable } from '../common/errors/domain-error';
import { byId, keysetPage } from '../common/pagination/keyset';
import type { CreateRoleAssignmentDto, ListRoleAssignmentsQuery } from './dto/users.dto';
import { WorkflowService } from '../tickets/workflow.service';
import { RoleAssignment } from './role-assignment.entity';
import { User } from './user.entity';
import { UsersService } from './users.service';

/**
 * Who may hand out which role where: a holder of `role.assign` may grant the roles GRANTABLE_ROLES lists
 * for their role, on scopes inside their own; company roles answer to the company's managers and the
 * platform only (COMPANY_ROLE_CONTROLLERS). Grants, revocations and listings follow the same rule.
 */
@Injectable()
export class RoleAssignmentsService {
  constructor(
    @InjectRepository(RoleAssignment) private readonly assignments: Repository<RoleAssignment>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly usersService: UsersService,
    private readonly access: AccessService,
    private readonly changes: AuthChanges,
    private readonly workflow: WorkflowService,
  ) {}

  async create(caller: Caller, dto: CreateRoleAssignmentDto): Promise<RoleAssignmentView> {
    if (!ROLE_SCOPES[dto.role].includes(dto.scopeType) || (dto.scopeType === 'platform') !== (dto.scopeId === 0)) {
      throw unprocessable('ROLE_SCOPE_INVALID', [
        { field: 'scopeType', problems: [`${dto.role} can be assigned on ${ROLE_SCOPES[dto.role].join(', ') || 'no scope'}`] },
      ]);
    }
    await this.requireControl(caller, dto.scopeType, dto.scopeId, dto.role);
    if (!(await this.users.existsBy({ id: dto.userId }))) throw notFound('USER_NOT_FOUND');
    const saved = await this.changes.record({ userId: dto.userId }, (tx) =>
      tx.save(this.assignments.create({ ...dto, grantedBy: caller.userId })),
    );
    return (await this.usersService.assignmentViews([saved]))[0];
  }

  /** Who holds roles on one scope (the staff of a company, the grid workers of a grid …). */
  async list(caller: Caller, query: ListRoleAssignmentsQuery): Promise<Page<RoleAssignmentView>> {
    await this.requireControl(caller, query.scopeType, query.scopeId, null);
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
    await this.requireControl(caller, assignment.scopeType, assignment.scopeId, assignment.role, 'ROLE_ASSIGNMENT_NOT_FOUND');
    // A worker who can no longer work their tickets there hands them back in the same transaction:
    // no ticket is left assigned to someone who cannot see it.
    await this.changes.record({ userId: assignment.userId }, async (tx) => {
      await tx.delete(RoleAssignment, { id });
      const remaining = await tx.getRepository(RoleAssignment).findBy({ userId: assignment.userId });
      await this.workflow.handBackOnRoleLoss(tx, assignment.userId, [...remaining, assignment], remaining);
    });
  }

  /**
   * The caller controls roles on this scope (roleControl), and may hand out `role` there when one is
   * named. Refused: 404 when the caller cannot see the scope, 403 when they can; an assignment the caller
   * does not control is 404 (`hiddenAs`), as if it did not exist.
   */
  private async requireControl(
    caller: Caller,
    scopeType: ScopeType,
    scopeId: number,
    role: Role | null,
    hiddenAs?: 'ROLE_ASSIGNMENT_NOT_FOUND',
  ): Promise<void> {
    const chain = await this.access.chain({ type: scopeType, id: scopeId });
    if (!chain) throw notFound(hiddenAs);
    const controllers = roleControllers(caller.assignments, roleControl(scopeType, scopeId, chain));
    if (!controllers.length) {
      if (hiddenAs) throw notFound(hiddenAs);
      if (scopeType === 'platform' || reaches(caller.assignments, chain)) throw forbidden({ permission: 'role.assign' });
      throw notFound();
    }
    if (role && !controllers.some((a) => GRANTABLE_ROLES[a.role].includes(role))) {
      throw forbidden({ permission: 'role.assign', role });
    }
  }
}
