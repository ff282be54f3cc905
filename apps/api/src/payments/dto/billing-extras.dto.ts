import { IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import {
  BILL_REMINDER_LIMITS,
  BILL_STATUSES,
  type BillReminderRequest,
  type BillsExportQuery,
  type BillStatus,
  type PaymentsExportQuery,
} from '@doorstep/contracts';
import { Chars } from '../../common/http/chars';
import { Omittable } from '../../common/http/optional';
import { Period } from './payments.dto';

export class BillReminderDto implements BillReminderRequest {
  @IsString() @Chars(1, BILL_REMINDER_LIMITS.roundMax, { multiline: false }) round: string;
  @Omittable() @IsInt() @Min(1) buildingId?: number;
  @Omittable() @IsInt() @Min(1) householdId?: number;
  @Omittable() @IsString() @Period() period?: string;
  @Omittable() @IsBoolean() dryRun?: boolean;
}

export class BillsExportQueryDto implements BillsExportQuery {
  @IsOptional() @IsString() @Period() period?: string;
  @IsOptional() @IsIn(BILL_STATUSES) status?: BillStatus;
}

export class PaymentsExportQueryDto implements PaymentsExportQuery {
  /** Recorded at or after (inclusive). */
  @IsOptional() @IsDateString({ strict: true, strictSeparator: true }) from?: string;
  /** Recorded before (exclusive). */
  @IsOptional() @IsDateString({ strict: true, strictSeparator: true }) to?: string;
}
