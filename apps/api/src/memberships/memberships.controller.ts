import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { MembershipView, Page } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires, SignedIn } from '../common/auth/route-access';
import { IdParam } from '../common/http/validation';
import { ClaimHouseholdDto, ListMembershipsQuery, ReviewMembershipDto } from './dto/memberships.dto';
import { MembershipsService } from './memberships.service';

@ApiTags('people')
@Controller()
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  /** Claim a household: 201 with a new claim, 200 with the existing one when repeated. */
  @SignedIn()
  @Post('memberships')
  async claim(
    @CurrentCaller() caller: Caller,
    @Body() dto: ClaimHouseholdDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MembershipView> {
    const { created, view } = await this.memberships.claim(caller, dto);
    reply.status(created ? 201 : 200);
    return view;
  }

  @SignedIn()
  @Get('me/memberships')
  mine(@CurrentCaller() caller: Caller): Promise<MembershipView[]> {
    return this.memberships.mine(caller);
  }

  @Requires('membership.review')
  @Get('memberships')
  list(@CurrentCaller() caller: Caller, @Query() query: ListMembershipsQuery): Promise<Page<MembershipView>> {
    return this.memberships.list(caller, query);
  }

  @Requires('membership.review')
  @Post('memberships/:id/verify')
  @HttpCode(200)
  verify(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: ReviewMembershipDto): Promise<MembershipView> {
    return this.memberships.verify(caller, id, dto);
  }

  @Requires('membership.review')
  @Post('memberships/:id/reject')
  @HttpCode(200)
  reject(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: ReviewMembershipDto): Promise<MembershipView> {
    return this.memberships.reject(caller, id, dto);
  }
}
