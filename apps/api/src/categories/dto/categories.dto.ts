import { IsBoolean, IsIn, IsInt, IsString, Max, Min, ValidateIf } from 'class-validator';
import { Chars } from '../../common/http/chars';
import {
  LIMITS,
  TICKET_KINDS,
  TICKET_PRIORITIES,
  type CategorySettingRequest,
  type CreateCategoryRequest,
  type TicketKind,
  type TicketPriority,
} from '@doorstep/contracts';
import { Nullable, Omittable } from '../../common/http/optional';

export class CreateCategoryDto implements CreateCategoryRequest {
  @IsInt() @Min(1) compoundId: number;
  @IsIn(TICKET_KINDS) kind: TicketKind;
  @IsString() @Chars(1, 32) name: string;
  @Omittable() @IsString() @Chars(1, 32) icon?: string;
  @IsIn(TICKET_PRIORITIES) priority: TicketPriority;
  @IsInt() @Min(1) @Max(LIMITS.acceptMinutesMax) acceptMinutes: number;
  @Nullable() @IsInt() @Min(1) @Max(LIMITS.resolveHoursMax) resolveHours?: number | null;
}

export class UpdateCategoryDto {
  @IsInt() @Min(1) version: number;
  @Omittable() @IsString() @Chars(1, 32) name?: string;
  @Omittable() @IsIn(TICKET_PRIORITIES) priority?: TicketPriority;
  @Omittable() @IsInt() @Min(1) @Max(LIMITS.acceptMinutesMax) acceptMinutes?: number;
  @Nullable() @IsInt() @Min(1) @Max(LIMITS.resolveHoursMax) resolveHours?: number | null;
  @Omittable() @IsBoolean() active?: boolean;
}

/** 类别与时限 of one category in one compound: the form sends every value. */
export class CategorySettingDto implements CategorySettingRequest {
  @IsInt() @Min(1) @Max(LIMITS.acceptMinutesMax) acceptMinutes: number;
  /** null: by the end of the day. Required (null, not left out), so a form that forgot it is not read as "end of day". */
  @ValidateIf((_, value) => value !== null) @IsInt() @Min(1) @Max(LIMITS.resolveHoursMax) resolveHours: number | null;
  @IsBoolean() active: boolean;
}
