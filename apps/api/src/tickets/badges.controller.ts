import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { BadgesView } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { SignedIn } from '../common/auth/route-access';
import { etagMatches, weakEtag } from '../common/http/etag';
import { BadgesService } from './badges.service';

@ApiTags('notifications')
@Controller('me')
export class BadgesController {
  constructor(private readonly badges: BadgesService) {}

  /**
   * Unread notifications and open work-list counts, polled every few seconds by a visible page. Send the
   * last ETag as If-None-Match: 304 with no body while nothing changed.
   */
  @SignedIn()
  @Get('badges')
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'the ETag of the previous answer' })
  async get(
    @CurrentCaller() caller: Caller,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BadgesView | undefined> {
    const view = await this.badges.badges(caller);
    const etag = weakEtag(view);
    // Personal: kept by no cache; the app revalidates by its own If-None-Match.
    reply.header('etag', etag).header('cache-control', 'no-store');
    if (!etagMatches(ifNoneMatch, etag)) return view;
    reply.status(304);
    return undefined;
  }
}
