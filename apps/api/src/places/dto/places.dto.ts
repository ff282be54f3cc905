import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { Chars } from '../../common/http/chars';
import {
  COMPOUND_TYPES,
  CONTACT_PHONE_PATTERN,
  CREDIT_CODE_PATTERN,
  LIMITS,
  MANAGEMENT_MODES,
  type CompoundType,
  type CreateBuildingRequest,
  type CreateCommunityRequest,
  type CreateCompanyRequest,
  type CreateCompoundRequest,
  type CreateGridRequest,
  type CreateStreetRequest,
  type ManagementMode,
  type UpdateBuildingRequest,
  type UpdateCommunityRequest,
  type UpdateCompanyRequest,
  type UpdateCompoundRequest,
  type UpdateGridRequest,
  type UpdateStreetRequest,
} from '@doorstep/contracts';
import { Nullable, Omittable } from '../../common/http/optional';
import { PageQueryDto } from '../../common/pagination/keyset';
import { QueryId } from '../../common/http/validation';

const Name = (max: number = LIMITS.nameMax) => Chars(1, max);
const Phone = () => Matches(CONTACT_PHONE_PATTERN, { message: 'contactPhone must be 7–20 digits or dashes' });
const CreditCode = () =>
  Matches(CREDIT_CODE_PATTERN, { message: 'creditCode must be an 18-character unified social credit code' });

/** Every update names the version it was based on; a stale one is refused with 409. */
class Versioned {
  @IsInt()
  @Min(1)
  version: number;
}

export class CreateStreetDto implements CreateStreetRequest {
  @IsString() @Name() name: string;
  @Omittable() @IsString() @Name() district?: string;
}
export class UpdateStreetDto extends Versioned implements UpdateStreetRequest {
  @Omittable() @IsString() @Name() name?: string;
  @Omittable() @IsString() @Name() district?: string;
}

export class CreateCommunityDto implements CreateCommunityRequest {
  @IsInt() @Min(1) streetId: number;
  @IsString() @Name() name: string;
}
export class UpdateCommunityDto extends Versioned implements UpdateCommunityRequest {
  @Omittable() @IsString() @Name() name?: string;
}
/** A list that can be searched by part of the name (社区, 物业公司, 小区 …). */
export class NamedPageQuery extends PageQueryDto {
  @IsOptional() @IsString() @Chars(LIMITS.searchMin, LIMITS.searchMax, { multiline: false }) q?: string;
}

export class ListCommunitiesQuery extends NamedPageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) streetId?: number;
}

export class CreateGridDto implements CreateGridRequest {
  @IsInt() @Min(1) communityId: number;
  @IsString() @Name() name: string;
}
export class UpdateGridDto extends Versioned implements UpdateGridRequest {
  @Omittable() @IsString() @Name() name?: string;
}
export class ListGridsQuery extends NamedPageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) communityId?: number;
}

export class CreateCompanyDto implements CreateCompanyRequest {
  @IsString() @Name() name: string;
  @Omittable() @IsString() @CreditCode() creditCode?: string;
  @Omittable() @IsString() @Phone() contactPhone?: string;
}
export class UpdateCompanyDto extends Versioned implements UpdateCompanyRequest {
  @Omittable() @IsString() @Name() name?: string;
  @Omittable() @IsString() @CreditCode() creditCode?: string;
  @Omittable() @IsString() @Phone() contactPhone?: string;
}

export class CreateCompoundDto implements CreateCompoundRequest {
  @IsInt() @Min(1) communityId: number;
  @IsString() @Name() name: string;
  @Omittable() @IsString() @Chars(1, LIMITS.addressMax) address?: string;
  @IsIn(COMPOUND_TYPES) type: CompoundType;
  @IsIn(MANAGEMENT_MODES) managementMode: ManagementMode;
  @Omittable() @IsInt() @Min(1) companyId?: number;
}
export class UpdateCompoundDto extends Versioned implements UpdateCompoundRequest {
  @Omittable() @IsString() @Name() name?: string;
  @Omittable() @IsString() @Chars(1, LIMITS.addressMax) address?: string;
  @Omittable() @IsIn(COMPOUND_TYPES) type?: CompoundType;
  @Omittable() @IsIn(MANAGEMENT_MODES) managementMode?: ManagementMode;
  /** null detaches the company (for shared-society or self-managed compounds). */
  @Nullable() @IsInt() @Min(1) companyId?: number | null;
}
export class ListCompoundsQuery extends NamedPageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) communityId?: number;
  /** The compounds a property company serves (among those the caller sees). */
  @IsOptional() @QueryId() companyId?: number;
}

export class CreateBuildingDto implements CreateBuildingRequest {
  @IsInt() @Min(1) compoundId: number;
  @IsString() @Name(32) name: string;
  @Omittable() @IsInt() @Min(1) gridId?: number;
}
export class UpdateBuildingDto extends Versioned implements UpdateBuildingRequest {
  @Omittable() @IsString() @Name(32) name?: string;
  @Nullable() @IsInt() @Min(1) gridId?: number | null;
}
export class ListBuildingsQuery extends NamedPageQuery {
  @Type(() => Number) @IsInt() @Min(1) compoundId: number;
}
