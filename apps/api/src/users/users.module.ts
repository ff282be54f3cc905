import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { MembershipsModule } from '../memberships/memberships.module';
import { TicketsModule } from '../tickets/tickets.module';
import { RoleAssignment } from './role-assignment.entity';
import { RoleAssignmentsService } from './role-assignments.service';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, RoleAssignment]), MembershipsModule, AuthModule, TicketsModule],
  controllers: [UsersController],
  providers: [UsersService, RoleAssignmentsService],
})
export class UsersModule {}
