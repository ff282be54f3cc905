import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import type { HealthView } from '@doorstep/contracts';
import { Public } from '../common/auth/route-access';
import { Clock } from '../common/clock';
import { iso } from '../common/time';

const VERSION = process.env.npm_package_version ?? '0.1.0';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Liveness and database reachability: 200 when the database answers, 503 otherwise. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthView> {
    const started = process.hrtime.bigint();
    let ok = true;
    try {
      await this.db.query('SELECT 1');
    } catch {
      ok = false;
    }
    const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (!ok) reply.status(503);
    return {
      status: ok ? 'ok' : 'degraded',
      database: {
        type: this.db.options.type as HealthView['database']['type'],
        ok,
        latencyMs: Math.round(latencyMs * 100) / 100,
      },
      version: VERSION,
      time: iso(this.clock.now()),
    };
  }
}
