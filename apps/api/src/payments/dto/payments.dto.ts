import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import {
  BILL_STATUSES,
  BILLING_LIMITS,
  FEE_CYCLES,
  FEE_RULES,
  LIMITS,
  OFFLINE_PAYMENT_CHANNELS,
  PAYMENT_CHANNELS,
  PAYMENT_LIMITS,
  PERIOD_PATTERN,
  type ArrearsHouseholdsQuery,
  type BillActionRequest,
  type BillingRunRequest,
  type BillStatus,
  type CreateFeeItemRequest,
  type FeeCycle,
  type FeeRule,
  type ListBillsQuery,
  type ListPaymentsQuery,
  type MyBillsQuery,
  type MyPaymentsQuery,
  type OfflinePaymentChannel,
  type UpdateBillingSettingsRequest,
  type PaymentChannel,
  type RecordPaymentRequest,
  type ReversePaymentRequest,
  type UpdateFeeItemRequest,
} from '@doorstep/contracts';
import { Chars } from '../../common/http/chars';
import { Omittable } from '../../common/http/optional';
import { QueryId } from '../../common/http/validation';
import { PageQueryDto } from '../../common/pagination/keyset';

export const Period = () => Matches(PERIOD_PATTERN, { message: 'period must be a month as YYYY-MM (2000-01 … 2099-12)' });
/** The largest price any rule allows; the service checks the rule's own bound. */
const PRICE_MAX = BILLING_LIMITS.oneOffPriceFenMax;

export class CreateFeeItemDto implements CreateFeeItemRequest {
  @IsInt() @Min(1) compoundId: number;
  @IsString() @Chars(1, LIMITS.nameMax, { multiline: false }) name: string;
  @IsIn(FEE_RULES) rule: FeeRule;
  @IsInt() @Min(1) @Max(PRICE_MAX) priceFen: number;
  @Omittable() @IsIn(FEE_CYCLES) cycleMonths?: FeeCycle;
  @Omittable() @IsString() @Period() period?: string;
}

export class UpdateFeeItemDto implements UpdateFeeItemRequest {
  @IsInt() @Min(1) version: number;
  @Omittable() @IsString() @Chars(1, LIMITS.nameMax, { multiline: false }) name?: string;
  @Omittable() @IsInt() @Min(1) @Max(PRICE_MAX) priceFen?: number;
  @Omittable() @IsBoolean() active?: boolean;
}

export class BillingRunDto implements BillingRunRequest {
  @IsString() @Period() period: string;
  @Omittable() @IsBoolean() dryRun?: boolean;
  @Omittable()
  @IsArray()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(BILLING_LIMITS.runFeeItemsMax)
  @ArrayUnique()
  feeItemIds?: number[];
  @Omittable()
  @IsArray()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(BILLING_LIMITS.runHouseholdsMax)
  @ArrayUnique()
  householdIds?: number[];
}

export class BillActionDto implements BillActionRequest {
  @IsInt() @Min(1) version: number;
  @IsString() @Chars(LIMITS.reasonMin, LIMITS.reasonMax) reason: string;
}

export class ListBillsQueryDto extends PageQueryDto implements ListBillsQuery {
  @QueryId() compoundId: number;
  @IsOptional() @QueryId() buildingId?: number;
  @IsOptional() @QueryId() householdId?: number;
  @IsOptional() @IsIn(BILL_STATUSES) status?: BillStatus;
  @IsOptional() @IsString() @Period() period?: string;
}

export class MyBillsQueryDto extends PageQueryDto implements MyBillsQuery {
  @IsOptional() @QueryId() householdId?: number;
  @IsOptional() @IsIn(BILL_STATUSES) status?: BillStatus;
}

export class ArrearsHouseholdsQueryDto extends PageQueryDto implements ArrearsHouseholdsQuery {
  @IsOptional() @QueryId() buildingId?: number;
}

export class CollectionRateQueryDto {
  @IsString()
  @Period()
  period: string;
}

export class RecordPaymentDto implements RecordPaymentRequest {
  @IsInt() @Min(1) householdId: number;
  @IsIn(OFFLINE_PAYMENT_CHANNELS) channel: OfflinePaymentChannel;
  @IsInt() @Min(1) @Max(PAYMENT_LIMITS.amountFenMax) amountFen: number;
  @Omittable()
  @IsArray()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(PAYMENT_LIMITS.billIdsMax)
  @ArrayUnique()
  billIds?: number[];
  @Omittable() @IsString() @Chars(1, PAYMENT_LIMITS.referenceMax, { multiline: false }) reference?: string;
  @Omittable() @IsString() @Chars(1, PAYMENT_LIMITS.noteMax) note?: string;
}

export class ReversePaymentDto implements ReversePaymentRequest {
  @IsString() @Chars(LIMITS.reasonMin, LIMITS.reasonMax) reason: string;
}

export class ListPaymentsQueryDto extends PageQueryDto implements ListPaymentsQuery {
  @QueryId() compoundId: number;
  @IsOptional() @QueryId() householdId?: number;
  @IsOptional() @IsIn(PAYMENT_CHANNELS) channel?: PaymentChannel;
  /** Recorded at or after (inclusive). */
  @IsOptional() @IsDateString({ strict: true, strictSeparator: true }) from?: string;
  /** Recorded before (exclusive). */
  @IsOptional() @IsDateString({ strict: true, strictSeparator: true }) to?: string;
}

export class MyPaymentsQueryDto extends PageQueryDto implements MyPaymentsQuery {
  @IsOptional() @QueryId() householdId?: number;
}

export class UpdateBillingSettingsDto implements UpdateBillingSettingsRequest {
  @IsInt() @Min(0) version: number;
  @IsBoolean() allowPartialPayment: boolean;
}
