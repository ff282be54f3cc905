import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { Chars } from '../../common/http/chars';
import {
  LIMITS,
  MEMBERSHIP_RELATIONS,
  MEMBERSHIP_STATUSES,
  type ClaimHouseholdRequest,
  type MembershipRelation,
  type MembershipStatus,
  type ReviewMembershipRequest,
} from '@doorstep/contracts';
import { Omittable } from '../../common/http/optional';
import { PageQueryDto } from '../../common/pagination/keyset';

export class ClaimHouseholdDto implements ClaimHouseholdRequest {
  @IsInt() @Min(1) householdId: number;
  @IsIn(MEMBERSHIP_RELATIONS) relation: MembershipRelation;
}

export class ReviewMembershipDto implements ReviewMembershipRequest {
  @IsInt() @Min(1) version: number;
  /** Required when rejecting: the resident sees it, in the app and in the notification. */
  @Omittable() @IsString() @Chars(LIMITS.reasonMin, LIMITS.reasonMax) reason?: string;
}

export class ListMembershipsQuery extends PageQueryDto {
  @Type(() => Number) @IsInt() @Min(1) compoundId: number;
  @IsOptional() @IsIn(MEMBERSHIP_STATUSES) status?: MembershipStatus;
}
