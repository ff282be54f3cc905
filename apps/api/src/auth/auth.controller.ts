import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DemoUserView, TokenPair } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Public, SignedIn } from '../common/auth/route-access';
import { AuthService } from './auth.service';
import { DemoSignInDto, RefreshDto, WechatSignInDto } from './dto/auth.dto';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  /** Mini-program sign-in: the code from wx.login. */
  @Public()
  @Post('wechat')
  @HttpCode(200)
  wechat(@Body() dto: WechatSignInDto): Promise<TokenPair> {
    return this.auth.signInWithWechat(dto.code);
  }

  /** Seeded demo users, when demo sign-in is enabled. */
  @Public()
  @Get('demo-users')
  demoUsers(): Promise<DemoUserView[]> {
    return this.auth.demoUsers();
  }

  /** Sign in as a seeded user, when demo sign-in is enabled (never in production). */
  @Public()
  @Post('demo')
  @HttpCode(200)
  demo(@Body() dto: DemoSignInDto): Promise<TokenPair> {
    return this.auth.signInAsDemo(dto.phone);
  }

  /** Exchange a refresh token for a new pair; the old refresh token stops working. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto): Promise<TokenPair> {
    return this.sessions.refresh(dto.refreshToken);
  }

  /** Ends this session: its access and refresh tokens stop working. */
  @SignedIn()
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentCaller() caller: Caller): Promise<void> {
    await this.sessions.revoke(caller.sessionId);
  }
}
