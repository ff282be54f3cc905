import type { Logger } from '@nestjs/common';

/**
 * Runs `work` every `intervalMs` in this instance, never two rounds at once, and waits for the round
 * in progress on shutdown. Correctness across instances is the job's own business (conditional
 * updates, leases); this only schedules.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Pick<Logger, 'error'>,
  ) {}

  /** 0 leaves the job off (tests drive it by hand). */
  start(intervalMs: number): void {
    if (!intervalMs || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.work()
        .catch((error) => this.logger.error({ err: String(error) }, `${this.name} failed`))
        .finally(() => (this.running = null));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
