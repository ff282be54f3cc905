import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CARE_TAGS,
  FOLLOW_UP_OUTCOMES,
  LIMITS,
  VISIT_CLIENT_ID_PATTERN,
  VISIT_KINDS,
  VISIT_LIMITS,
  VISIT_OUTCOMES,
  type CareTag,
  type FollowUpOutcome,
  type ListGridHouseholdsQuery,
  type ListVisitsQuery,
  type NewVisit,
  type SyncVisitsRequest,
  type UpdateCareFrequencyRequest,
  type VisitKind,
  type VisitOutcome,
} from '@doorstep/contracts';
import { Chars } from '../../common/http/chars';
import { Omittable } from '../../common/http/optional';
import { QueryBoolean, QueryId } from '../../common/http/validation';
import { PageQueryDto } from '../../common/pagination/keyset';

/** Days between visits: at least daily, at most yearly. */
const FREQUENCY_DAYS = { min: 1, max: 366 } as const;

export class VisitLocationDto {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-90) @Max(90) latitude: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-180) @Max(180) longitude: number;
}

/** 诉求: what the resident asked for, filed as a ticket on the household's behalf. */
export class VisitRequestDto {
  @IsInt() @Min(1) categoryId: number;
  @IsString() @Chars(2, LIMITS.ticketDescriptionMax) description: string;
}

/** 回访 of one of the household's tickets. */
export class VisitFollowUpDto {
  @IsInt() @Min(1) ticketId: number;
  @IsIn(FOLLOW_UP_OUTCOMES) outcome: FollowUpOutcome;
  @Omittable() @IsString() @Chars(1, LIMITS.noteMax) note?: string;
}

/**
 * The shape of one visit. What depends on the data (the time window, whose household, the ticket's
 * state) is checked per visit by the service and refused there, so one visit cannot block the queue.
 */
export class NewVisitDto implements NewVisit {
  @IsString() @Matches(VISIT_CLIENT_ID_PATTERN, { message: 'clientId must be a lower-case version-4 UUID' }) clientId: string;
  @Omittable() @IsInt() @Min(1) householdId?: number;
  @Omittable() @IsInt() @Min(1) compoundId?: number;
  @Omittable() @IsString() @Chars(1, VISIT_LIMITS.placeNameMax, { multiline: false }) placeName?: string;
  @IsIn(VISIT_KINDS) kind: VisitKind;
  @IsIn(VISIT_OUTCOMES) outcome: VisitOutcome;
  @Omittable() @IsString() @Chars(1, VISIT_LIMITS.notesMax) notes?: string;
  @Omittable()
  @IsArray()
  @ArrayMaxSize(VISIT_LIMITS.photosMax)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  photoIds?: number[];
  @IsDateString({ strict: true }) visitedAt: string;
  @Omittable() @IsObject() @ValidateNested() @Type(() => VisitLocationDto) location?: VisitLocationDto;
  @Omittable() @IsObject() @ValidateNested() @Type(() => VisitRequestDto) request?: VisitRequestDto;
  @Omittable() @IsObject() @ValidateNested() @Type(() => VisitFollowUpDto) followUp?: VisitFollowUpDto;
}

export class SyncVisitsDto implements SyncVisitsRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(VISIT_LIMITS.batchMax)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => NewVisitDto)
  visits: NewVisitDto[];
}

export class ListVisitsQueryDto extends PageQueryDto implements ListVisitsQuery {
  @IsOptional() @QueryId() householdId?: number;
  @IsOptional() @QueryId() gridId?: number;
  @IsOptional() @QueryId() workerId?: number;
  @IsOptional() @IsDateString({ strict: true }) from?: string;
  @IsOptional() @IsDateString({ strict: true }) to?: string;
}

export class ListGridHouseholdsQueryDto extends PageQueryDto implements ListGridHouseholdsQuery {
  @IsOptional() @IsString() @Chars(LIMITS.searchMin, LIMITS.searchMax, { multiline: false }) q?: string;
  @IsOptional() @IsIn(CARE_TAGS) careTag?: CareTag;
  @IsOptional() @QueryId() compoundId?: number;
  @IsOptional() @QueryId() buildingId?: number;
  @IsOptional() @QueryBoolean() overdue?: boolean;
}

export class CareFrequencyDaysDto implements Partial<Record<CareTag, number>> {
  @Omittable() @IsInt() @Min(FREQUENCY_DAYS.min) @Max(FREQUENCY_DAYS.max) elderly_alone?: number;
  @Omittable() @IsInt() @Min(FREQUENCY_DAYS.min) @Max(FREQUENCY_DAYS.max) empty_nest?: number;
  @Omittable() @IsInt() @Min(FREQUENCY_DAYS.min) @Max(FREQUENCY_DAYS.max) disabled?: number;
  @Omittable() @IsInt() @Min(FREQUENCY_DAYS.min) @Max(FREQUENCY_DAYS.max) low_income?: number;
  @Omittable() @IsInt() @Min(FREQUENCY_DAYS.min) @Max(FREQUENCY_DAYS.max) veteran?: number;
  @Omittable() @IsInt() @Min(FREQUENCY_DAYS.min) @Max(FREQUENCY_DAYS.max) special_care?: number;
}

export class UpdateCareFrequencyDto implements UpdateCareFrequencyRequest {
  @Omittable() @IsObject() @ValidateNested() @Type(() => CareFrequencyDaysDto) days?: CareFrequencyDaysDto;
  @Omittable() @IsInt() @Min(FREQUENCY_DAYS.min) @Max(FREQUENCY_DAYS.max) routineDays?: number;
}
