import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Chars } from '../../common/http/chars';
import {
  CARE_TAGS,
  LIMITS,
  PHONE_PATTERN,
  type CareTag,
  type CreateHouseholdRequest,
  type UpdateHouseholdRequest,
} from '@doorstep/contracts';
import { Nullable, Omittable } from '../../common/http/optional';
import { PageQueryDto } from '../../common/pagination/keyset';
import { QueryId } from '../../common/http/validation';

/** Names and room numbers are one line: no line breaks or tabs (see Chars). */
const Line = (max: number, min = 1) => Chars(min, max, { multiline: false });

const PhoneNumber = () => Matches(PHONE_PATTERN, { message: 'ownerPhone must be an 11-digit mainland mobile number' });

export class CreateHouseholdDto implements CreateHouseholdRequest {
  @IsInt() @Min(1) buildingId: number;
  @IsString() @Line(LIMITS.unitMax) unit: string;
  @IsString() @Line(LIMITS.roomMax) room: string;
  /** Hundredths of m²: 8950 is 89.50 m². */
  @IsInt() @Min(1) @Max(LIMITS.areaHundredthsMax) areaHundredths: number;
  @Omittable() @IsString() @Line(LIMITS.nameMax) ownerName?: string;
  @Omittable() @IsString() @PhoneNumber() ownerPhone?: string;
  @Omittable() @IsIn(CARE_TAGS, { each: true }) @ArrayUnique() @ArrayMaxSize(CARE_TAGS.length) careTags?: CareTag[];
}

export class UpdateHouseholdDto implements UpdateHouseholdRequest {
  @IsInt() @Min(1) version: number;
  @Omittable() @IsInt() @Min(1) @Max(LIMITS.areaHundredthsMax) areaHundredths?: number;
  @Nullable() @IsString() @Line(LIMITS.nameMax) ownerName?: string | null;
  @Nullable() @IsString() @PhoneNumber() ownerPhone?: string | null;
  @Omittable() @IsIn(CARE_TAGS, { each: true }) @ArrayUnique() @ArrayMaxSize(CARE_TAGS.length) careTags?: CareTag[];
}

/** Exactly one of compoundId, buildingId, gridId says whose households to list. */
export class ListHouseholdsQuery extends PageQueryDto {
  @IsOptional() @QueryId() compoundId?: number;
  @IsOptional() @QueryId() buildingId?: number;
  @IsOptional() @QueryId() gridId?: number;
  /** Only households carrying this care tag (grid workers and the community). */
  @IsOptional() @IsIn(CARE_TAGS) careTag?: CareTag;
  /** Part of the room, the unit, the building's name or the owner's name (住户 search). */
  @IsOptional() @IsString() @Line(LIMITS.searchMax, LIMITS.searchMin) q?: string;
}

export class ImportQuery {
  /** Check the file and report what would change, without writing. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}
