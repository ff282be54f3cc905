import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import {
  PAYMENT_LIMITS,
  WECHAT_PAY_LIMITS,
  WECHAT_TRADE_TYPES,
  type CreateWechatOrderRequest,
  type RefundPaymentRequest,
  type WechatPayStatusQuery,
  type WechatTradeType,
} from '@doorstep/contracts';
import { Chars } from '../../common/http/chars';
import { Omittable } from '../../common/http/optional';
import { QueryId } from '../../common/http/validation';

export class CreateWechatOrderDto implements CreateWechatOrderRequest {
  @IsInt() @Min(1) householdId: number;

  @IsArray()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(WECHAT_PAY_LIMITS.billIdsMax)
  @ArrayUnique()
  billIds: number[];

  @IsIn(WECHAT_TRADE_TYPES) tradeType: WechatTradeType;

  @Omittable() @IsInt() @Min(1) @Max(PAYMENT_LIMITS.amountFenMax) amountFen?: number;
}

export class WechatPayStatusQueryDto implements WechatPayStatusQuery {
  @IsOptional() @QueryId() householdId?: number;
}

export class RefundPaymentDto implements RefundPaymentRequest {
  @IsInt() @Min(1) @Max(PAYMENT_LIMITS.amountFenMax) amountFen: number;
  @IsString() @Chars(2, WECHAT_PAY_LIMITS.refundReasonMax, { multiline: false }) reason: string;
}
