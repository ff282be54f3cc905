import { IsBoolean, IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { Chars } from '../../common/http/chars';
import {
  TICKET_KINDS,
  TICKET_PRIORITIES,
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
  @IsInt() @Min(1) @Max(24 * 60) acceptMinutes: number;
  @Nullable() @IsInt() @Min(1) @Max(24 * 30) resolveHours?: number | null;
}

export class UpdateCategoryDto {
  @IsInt() @Min(1) version: number;
  @Omittable() @IsString() @Chars(1, 32) name?: string;
  @Omittable() @IsIn(TICKET_PRIORITIES) priority?: TicketPriority;
  @Omittable() @IsInt() @Min(1) @Max(24 * 60) acceptMinutes?: number;
  @Nullable() @IsInt() @Min(1) @Max(24 * 30) resolveHours?: number | null;
  @Omittable() @IsBoolean() active?: boolean;
}
