import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { DemoUserView, TokenPair } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Public, SignedIn } from '../common/auth/route-access';
import { AuthService } from './auth.service';
import { DemoSignInDto, RefreshDto, WechatSignInDto } from './dto/auth.dto';
import { SessionsService } from './sessions.service';
import { SignInLimiter } from './sign-in-limiter.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly limiter: SignInLimiter,
  ) {}

  /** Mini-program sign-in: the code from wx.login. */
  @Public()
  @Post('wechat')
  @HttpCode(200)
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  async wechat(@Body() dto: WechatSignInDto, @Req() request: FastifyRequest): Promise<TokenPair> {
    await this.limiter.attempt('wechat', request.ip, null);
    return this.auth.signInWithWechat(dto.code);
  }

  /** Seeded demo users, when demo sign-in is enabled (otherwise this route answers as one that does not exist). */
  @Public()
  @Get('demo-users')
  demoUsers(): Promise<DemoUserView[]> {
    return this.auth.demoUsers();
  }

  /** Sign in as a seeded demo account, when demo sign-in is enabled (never in production). */
  @Public()
  @Post('demo')
  @HttpCode(200)
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  async demo(@Body() dto: DemoSignInDto, @Req() request: FastifyRequest): Promise<TokenPair> {
    // Where demo sign-in is off the route must look absent, so no count (and no 429) before this check.
    this.auth.requireDemo();
    await this.limiter.attempt('demo', request.ip, dto.phone);
    return this.auth.signInAsDemo(dto.phone);
  }

  /** Exchange a refresh token for a new pair; the old refresh token stops working. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  async refresh(@Body() dto: RefreshDto, @Req() request: FastifyRequest): Promise<TokenPair> {
    // The session the token names is the account: guessing one session's secret is limited on its own.
    await this.limiter.attempt('refresh', request.ip, dto.refreshToken.split('.')[0]);
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
