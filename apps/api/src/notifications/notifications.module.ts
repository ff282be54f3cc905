import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DispatcherService } from './dispatcher.service';
import { Notification } from './notification.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { WechatConsent } from './wechat-consent.entity';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Notification, WechatConsent])],
  controllers: [NotificationsController],
  providers: [NotificationsService, DispatcherService],
  exports: [NotificationsService, DispatcherService],
})
export class NotificationsModule {}
