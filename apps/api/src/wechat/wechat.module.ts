import { Global, Module } from '@nestjs/common';
import { WechatClient } from './wechat.client';

/** The one client of WeChat's server API, shared by sign-in and notifications. */
@Global()
@Module({ providers: [WechatClient], exports: [WechatClient] })
export class WechatModule {}
