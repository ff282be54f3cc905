import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../common/config/app-config';
import { PeriodicJob } from '../../common/periodic-job';
import { ReconciliationService } from './reconciliation.service';
import { WechatPayClient } from './wechatpay.client';

/**
 * Every WECHATPAY_RECONCILE_INTERVAL_MS, in every instance: from 10:00 Shanghai, yesterday's bill is
 * reconciled unless that is done. Instances racing for the same day meet at the day's row (one claims
 * it, the others see it running or done), so running several is safe.
 */
@Injectable()
export class ReconciliationJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconciliationJob.name);
  private readonly job = new PeriodicJob('wechat-reconciliation', () => this.runOnce(), this.logger);

  constructor(
    private readonly reconciliations: ReconciliationService,
    private readonly client: WechatPayClient,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.client.enabled) this.job.start(this.config.WECHATPAY_RECONCILE_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  runOnce() {
    return this.reconciliations.runDue(this.clock.now());
  }
}
