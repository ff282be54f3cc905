import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../common/config/app-config';
import { PeriodicJob } from '../../common/periodic-job';
import { RefundsService } from '../refunds.service';
import { WechatOrdersService, type CloseRound } from './wechat-orders.service';
import { WechatPayClient } from './wechatpay.client';

/**
 * Every WECHATPAY_JOB_INTERVAL_MS, in every instance: expired orders are asked about and closed (or
 * recorded, if paid after all), and refunds whose sending failed are sent again. Both are safe to run
 * on several instances at once (conditional updates; a resent refund is the same refund at WeChat).
 */
@Injectable()
export class WechatPayJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WechatPayJob.name);
  private readonly job = new PeriodicJob('wechat-pay', () => this.runOnce(), this.logger);

  constructor(
    private readonly orders: WechatOrdersService,
    private readonly refunds: RefundsService,
    private readonly client: WechatPayClient,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.client.enabled) this.job.start(this.config.WECHATPAY_JOB_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  async runOnce(): Promise<CloseRound & { refundsResent: number }> {
    const now = this.clock.now();
    const round = await this.orders.closeExpired(now);
    return { ...round, refundsResent: await this.refunds.resendPending(now) };
  }
}
