import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { Chars } from '../../common/http/chars';
import {
  LIMITS,
  PHONE_PATTERN,
  ROLES,
  SCOPE_TYPES,
  type CreateRoleAssignmentRequest,
  type CreateUserRequest,
  type Role,
  type ScopeType,
  type UpdateUserRequest,
} from '@doorstep/contracts';
import { Omittable } from '../../common/http/optional';
import { PageQueryDto } from '../../common/pagination/keyset';

const PhoneNumber = () => Matches(PHONE_PATTERN, { message: 'phone must be an 11-digit mainland mobile number' });

export class CreateUserDto implements CreateUserRequest {
  @IsString() @Chars(1, LIMITS.nameMax) name: string;
  @IsString() @PhoneNumber() phone: string;
}

export class UpdateUserDto implements UpdateUserRequest {
  @IsInt() @Min(1) version: number;
  @Omittable() @IsString() @Chars(1, LIMITS.nameMax) name?: string;
  @Omittable() @IsString() @PhoneNumber() phone?: string;
}

export class ListUsersQuery extends PageQueryDto {
  /** Exact phone lookup (to grant someone a role). Required unless the caller is a platform admin. */
  @IsOptional() @IsString() @PhoneNumber() phone?: string;
}

/** Someone to grant a role to by phone: found by the number, or created with this name. */
export class RolePersonDto {
  @IsString() @Chars(1, LIMITS.nameMax) name: string;
  @IsString() @PhoneNumber() phone: string;
}

/** `userId` or `person`, exactly one: checked by the service (422 naming both). */
export class CreateRoleAssignmentDto implements CreateRoleAssignmentRequest {
  @Omittable() @IsInt() @Min(1) userId?: number;
  @Omittable() @IsObject() @ValidateNested() @Type(() => RolePersonDto) person?: RolePersonDto;
  @IsIn(ROLES) role: Role;
  @IsIn(SCOPE_TYPES) scopeType: ScopeType;
  @IsInt() @Min(0) scopeId: number;
}

export class ListRoleAssignmentsQuery extends PageQueryDto {
  @IsIn(SCOPE_TYPES) scopeType: ScopeType;
  @Type(() => Number) @IsInt() @Min(0) scopeId: number;
}
