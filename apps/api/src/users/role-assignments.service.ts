import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { GRANTABLE_ROLES, ROLE_SCOPES, type Page, type Role, type RoleAssignmentView, type ScopeType } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { AuthChanges } from '../auth/auth-changes.service';
import { reaches, roleControl, roleControllers } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { isUniqueViolation } from '../common/database/db-errors';
import { forbidden, notFound, unprocessable } from '../common/errors/domain-error';
import { byId, keysetPage } from '../common/pagination/keyset';
import type { CreateRoleAssignmentDto, ListRoleAssignmentsQuery, RolePersonDto } from './dto/users.dto';
import { WorkflowService } from '../tickets/workflow.service';
import { RoleAssignment } from './role-assignment.entity';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** A grant by phone that lost the race to create the person is tried again once. */
const PERSON_ATTEMPTS = 2;

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
    if ((dto.userId === undefined) === (dto.person === undefined)) {
      const problems = ['exactly one of userId and person is required'];
      throw unprocessable('VALIDATION_FAILED', [
        { field: 'userId', problems },
        { field: 'person', problems },
      ]);
    }
    const { role, scopeType, scopeId } = dto;
    if (!ROLE_SCOPES[role].includes(scopeType) || (scopeType === 'platform') !== (scopeId === 0)) {
      throw unprocessable('ROLE_SCOPE_INVALID', [
        { field: 'scopeType', problems: [`${role} can be assigned on ${ROLE_SCOPES[role].join(', ') || 'no scope'}`] },
      ]);
    }
    // Before anyone is looked up or created: a refused grant leaves no trace.
    await this.requireControl(caller, scopeType, scopeId, role);
    const grant = (tx: EntityManager, userId: number) =>
      tx.save(this.assignments.create({ userId, role, scopeType, scopeId, grantedBy: caller.userId }));
    let saved: RoleAssignment;
    if (dto.person) saved = await this.grantToPerson(dto.person, grant);
    else {
      const userId = dto.userId!;
      if (!(await this.users.existsBy({ id: userId }))) throw notFound('USER_NOT_FOUND');
      saved = await this.changes.record({ userId }, (tx) => grant(tx, userId));
    }
    return (await this.usersService.assignmentViews([saved]))[0];
  }

  /**
   * A grant by phone: the person with that number, or a new one with the name given (someone who already
   * has an account keeps their own name), in the grant's transaction, so a grant that fails creates
   * nobody. Two grants racing for the same new number both try to create the person; uq_users_phone lets
   * one through and the other starts over, finding them. Holding the role already is 409 ALREADY_EXISTS,
   * as for a grant by userId.
   */
  private async grantToPerson(
    person: RolePersonDto,
    grant: (tx: EntityManager, userId: number) => Promise<RoleAssignment>,
  ): Promise<RoleAssignment> {
    for (let attempt = 1; ; attempt++) {
      let created = false;
      try {
        return await this.changes.record(
          (saved: RoleAssignment) => ({ userId: saved.userId }),
          async (tx) => {
            const users = tx.getRepository(User);
            let user = await users.findOneBy({ phone: person.phone });
            if (!user) {
              created = true;
              user = await users.save(users.create({ name: person.name, phone: person.phone }));
            }
            return grant(tx, user.id);
          },
        );
      } catch (error) {
        // Only a person this attempt created can have collided: a new user holds no role yet.
        if (!(created && isUniqueViolation(error) && attempt < PERSON_ATTEMPTS)) throw error;
      }
    }
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
