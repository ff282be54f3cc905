import { IsString, Matches, MaxLength } from 'class-validator';
import { Chars } from '../../common/http/chars';
import { PHONE_PATTERN, type DemoSignInRequest, type RefreshRequest, type WechatSignInRequest } from '@doorstep/contracts';

export class WechatSignInDto implements WechatSignInRequest {
  /** The code from wx.login (valid once, for five minutes). */
  @IsString()
  @Chars(1, 128)
  code: string;
}

export class DemoSignInDto implements DemoSignInRequest {
  /** Phone of a seeded demo user (see GET /auth/demo-users). */
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be an 11-digit mainland mobile number' })
  phone: string;
}

export class RefreshDto implements RefreshRequest {
  @IsString()
  @MaxLength(128)
  refreshToken: string;
}
