import { IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Chars } from '../../common/http/chars';
import {
  COMPLAINT_TARGETS,
  LIMITS,
  PHONE_PATTERN,
  TICKET_KINDS,
  TICKET_SOURCES,
  TICKET_STATUSES,
  TICKET_STATUS_GROUPS,
  type AssignRequest,
  type CommentRequest,
  type ComplaintTarget,
  type CreateTicketRequest,
  type DuplicateRequest,
  type FollowUpRequest,
  type HandBackRequest,
  type PauseRequest,
  type RateRequest,
  type RejectRequest,
  type ResolveRequest,
  type TicketKind,
  type TicketSource,
  type TicketStatus,
  type TicketSearchQuery,
  type TasksFilters,
  type TicketStatusGroup,
  type TransitionRequest,
} from '@doorstep/contracts';
import { Omittable } from '../../common/http/optional';
import { QueryId } from '../../common/http/validation';
import { PageQueryDto } from '../../common/pagination/keyset';

const PHOTOS_MAX = 6;

export class OnBehalfOfDto {
  @IsString() @Chars(1, LIMITS.nameMax) name: string;
  @IsString() @Matches(PHONE_PATTERN, { message: 'phone must be an 11-digit mainland mobile number' }) phone: string;
}

export class CreateTicketDto implements CreateTicketRequest {
  @IsInt() @Min(1) compoundId: number;
  @IsInt() @Min(1) categoryId: number;
  @IsString() @Chars(2, LIMITS.ticketDescriptionMax) description: string;
  @Omittable() @IsInt() @Min(1) buildingId?: number;
  @Omittable() @IsInt() @Min(1) householdId?: number;
  @Omittable() @IsString() @Chars(8, 32) qrToken?: string;
  @Omittable() @IsString() @Chars(1, 60) location?: string;
  @Omittable() @IsIn(TICKET_SOURCES) source?: TicketSource;
  @Omittable() @IsIn(COMPLAINT_TARGETS) complaintTarget?: ComplaintTarget;
  @Omittable() @IsBoolean() anonymous?: boolean;
  @Omittable() @IsDateString({ strict: true }) preferredVisitAt?: string;
  @Omittable() @IsInt({ each: true }) @Min(1, { each: true }) @ArrayMaxSize(PHOTOS_MAX) photoIds?: number[];
  @Omittable() @IsObject() @ValidateNested() @Type(() => OnBehalfOfDto) onBehalfOf?: OnBehalfOfDto;
}

export class TransitionDto implements TransitionRequest {
  @IsInt() @Min(1) version: number;
  @Omittable() @IsString() @Chars(1, LIMITS.noteMax) note?: string;
}

export class AssignDto extends TransitionDto implements AssignRequest {
  @IsInt() @Min(1) assigneeId: number;
}

export class RejectDto extends TransitionDto implements RejectRequest {
  @IsString() @Chars(LIMITS.reasonMin, LIMITS.reasonMax) reason: string;
}

export class PauseDto extends TransitionDto implements PauseRequest {
  @IsString() @Chars(LIMITS.reasonMin, LIMITS.reasonMax) reason: string;
  @Omittable() @IsDateString({ strict: true }) until?: string;
}

export class ResolveDto extends TransitionDto implements ResolveRequest {
  @Omittable() @IsInt({ each: true }) @Min(1, { each: true }) @ArrayMaxSize(PHOTOS_MAX) photoIds?: number[];
}

export class RateDto extends TransitionDto implements RateRequest {
  @IsInt() @Min(1) @Max(5) overall: number;
  @Omittable() @IsInt() @Min(1) @Max(5) speed?: number;
  @Omittable() @IsInt() @Min(1) @Max(5) attitude?: number;
  @Omittable() @IsString() @Chars(1, 500) comment?: string;
}

export class FollowUpDto extends TransitionDto implements FollowUpRequest {
  @IsBoolean() satisfied: boolean;
}

/** 退单: why the assignee gives the ticket back (wrong trade, needs another team …). */
export class HandBackDto extends TransitionDto implements HandBackRequest {
  @IsString() @Chars(LIMITS.reasonMin, LIMITS.reasonMax) reason: string;
}

export class MergeDto extends TransitionDto implements DuplicateRequest {
  @IsInt() @Min(1) duplicateOfId: number;
}

export class ReassignDto extends TransitionDto {
  /** Hand the ticket to the compound's company, or to the community (shared property society). */
  @IsIn(['company', 'community']) handlerType: 'company' | 'community';
}

export class CommentDto implements CommentRequest {
  @IsString() @Chars(1, LIMITS.ticketCommentMax) body: string;
  @Omittable() @IsBoolean() internal?: boolean;
}

export class UrgeDto {
  @IsString() @Chars(2, LIMITS.noteMax) note: string;
}

export class MyTicketsQuery extends PageQueryDto {
  @IsOptional() @IsIn(TICKET_STATUSES) status?: TicketStatus;
  /** A tab of 我的工单: open, to_rate, ended. */
  @IsOptional() @IsIn(Object.keys(TICKET_STATUS_GROUPS)) group?: TicketStatusGroup;
}

/** Filters shared by the inboxes. */
export class InboxQuery extends PageQueryDto {
  @IsOptional() @IsIn(TICKET_STATUSES) status?: TicketStatus;
  @IsOptional() @IsIn(TICKET_KINDS) kind?: TicketKind;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) categoryId?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) compoundId?: number;
  /** Only tickets past a deadline. */
  @IsOptional() @IsIn(['true', 'false']) breached?: 'true' | 'false';
  @IsOptional() @IsDateString({ strict: true }) from?: string;
  @IsOptional() @IsDateString({ strict: true }) to?: string;
}

/**
 * 我的任务. `done=true` (已完成): the tickets the caller worked to the end, newest resolution first; then
 * `status` may only be resolved or closed, and from/to bound the resolution time (resolved_at), not the
 * report time. Without it, or 'false': the open tasks, as before.
 */
export class TasksQuery extends InboxQuery implements TasksFilters {
  @IsOptional() @IsIn(['true', 'false']) done?: 'true' | 'false';
}

/**
 * 工单查询 filters, as the XLSX export takes them (no paging). Ids are plain decimals (QueryId); combinations
 * that cannot match (a status outside the group, from ≥ to, another compound's building) are 422s.
 */
export class TicketExportQuery implements TicketSearchQuery {
  @QueryId() compoundId: number;
  @IsOptional() @IsIn(TICKET_STATUSES) status?: TicketStatus;
  @IsOptional() @IsIn(Object.keys(TICKET_STATUS_GROUPS)) group?: TicketStatusGroup;
  @IsOptional() @IsIn(TICKET_KINDS) kind?: TicketKind;
  @IsOptional() @QueryId() categoryId?: number;
  @IsOptional() @QueryId() buildingId?: number;
  /** Only tickets past a deadline (true), or only those within every deadline (false). */
  @IsOptional() @IsIn(['true', 'false']) breached?: 'true' | 'false';
  /** Created at or after (inclusive). */
  @IsOptional() @IsDateString({ strict: true, strictSeparator: true }) from?: string;
  /** Created before (exclusive). */
  @IsOptional() @IsDateString({ strict: true, strictSeparator: true }) to?: string;
  /** All digits: the ticket number; otherwise words in the description. */
  @IsOptional() @IsString() @Chars(LIMITS.searchMin, LIMITS.searchMax, { multiline: false }) q?: string;
}

/** The same filters, one keyset page at a time. */
export class TicketSearchQueryDto extends IntersectionType(PageQueryDto, TicketExportQuery) {}

export class SimilarQuery {
  @Type(() => Number) @IsInt() @Min(1) compoundId: number;
  @Type(() => Number) @IsInt() @Min(1) categoryId: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) buildingId?: number;
}
