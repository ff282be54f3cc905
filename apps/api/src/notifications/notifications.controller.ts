import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn } from 'class-validator';
import { NOTIFICATION_KINDS, type NotificationView, type Page, type WechatTemplatesView } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Public, SignedIn } from '../common/auth/route-access';
import { IdParam } from '../common/http/validation';
import { PageQueryDto } from '../common/pagination/keyset';
import { NotificationsService } from './notifications.service';

export class ConsentDto {
  /** The kinds the person tapped 允许 for in wx.requestSubscribeMessage (at most 3 per tap). */
  @IsIn(NOTIFICATION_KINDS, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  kinds: string[];
}

@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @SignedIn()
  @Get('notifications')
  list(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<Page<NotificationView> & { unread: number }> {
    return this.notifications.list(caller, query);
  }

  @SignedIn()
  @Post('notifications/:id/read')
  @HttpCode(200)
  read(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<NotificationView> {
    return this.notifications.markRead(caller, id);
  }

  @SignedIn()
  @Post('notifications/read-all')
  @HttpCode(204)
  readAll(@CurrentCaller() caller: Caller): Promise<void> {
    return this.notifications.markAllRead(caller);
  }

  /** The template ids the mini-program asks consent for (wx.requestSubscribeMessage). */
  @Public()
  @Get('notifications/wechat-templates')
  templates(): WechatTemplatesView {
    return this.notifications.templates();
  }

  /** Record subscribe-message consents; answers how many messages of each kind may now be sent. */
  @SignedIn()
  @Post('me/wechat-consents')
  @HttpCode(200)
  consent(@CurrentCaller() caller: Caller, @Body() dto: ConsentDto): Promise<Record<string, number>> {
    return this.notifications.addConsents(caller, dto.kinds);
  }
}
