import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { MeView, Page, RoleAssignmentView, UserView } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires, SignedIn } from '../common/auth/route-access';
import { IdParam } from '../common/http/validation';
import { MembershipsService } from '../memberships/memberships.service';
import { CreateRoleAssignmentDto, CreateUserDto, ListRoleAssignmentsQuery, ListUsersQuery, UpdateUserDto } from './dto/users.dto';
import { RoleAssignmentsService } from './role-assignments.service';
import { UsersService } from './users.service';

@ApiTags('people')
@Controller()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly roles: RoleAssignmentsService,
    private readonly memberships: MembershipsService,
  ) {}

  /** The signed-in person: their roles (with scope names) and household memberships. */
  @SignedIn()
  @Get('me')
  async me(@CurrentCaller() caller: Caller): Promise<MeView> {
    const user = await this.users.get(caller, caller.userId);
    return {
      user: { id: user.id, name: user.name, phone: user.phone },
      roles: await this.roles.forUser(caller.userId),
      memberships: await this.memberships.mine(caller),
    };
  }

  @Requires('user.write')
  @Post('users')
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(caller, dto);
  }

  @Requires('user.read')
  @Get('users')
  list(@CurrentCaller() caller: Caller, @Query() query: ListUsersQuery): Promise<Page<UserView>> {
    return this.users.list(caller, query);
  }

  /** Yourself, or anyone for a platform admin. */
  @SignedIn()
  @Get('users/:id')
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<UserView> {
    return this.users.get(caller, id);
  }

  @SignedIn()
  @Patch('users/:id')
  update(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(caller, id, dto);
  }

  @Requires('role.assign')
  @Post('role-assignments')
  grant(@CurrentCaller() caller: Caller, @Body() dto: CreateRoleAssignmentDto): Promise<RoleAssignmentView> {
    return this.roles.create(caller, dto);
  }

  @Requires('role.assign')
  @Get('role-assignments')
  listRoles(@CurrentCaller() caller: Caller, @Query() query: ListRoleAssignmentsQuery): Promise<Page<RoleAssignmentView>> {
    return this.roles.list(caller, query);
  }

  @Requires('role.assign')
  @Delete('role-assignments/:id')
  @HttpCode(204)
  revoke(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<void> {
    return this.roles.remove(caller, id);
  }
}
