import { extname, join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { unwrapOutcome, workerEntry, type TaskOutcome } from '../common/workers';
import { sheetTooLarge, type SheetBounds } from './sheet-bounds';

/** Same extension as this file: .js when built, .ts when Jest runs the sources. */
const SHEET_WORKER = join(__dirname, `sheet.worker${extname(__filename)}`);
/** Workers stay warm this long after their last import (loading exceljs takes about a second). */
const IDLE_MS = 60_000;

const isQueueFull = (error: unknown) => error instanceof Error && error.message === 'Task queue is at limit';
const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';
const isOutOfMemory = (error: unknown) => (error as { code?: unknown })?.code === 'ERR_WORKER_OUT_OF_MEMORY';

/**
 * Reads uploaded household sheets off the request thread, in a small pool of worker threads
 * (IMPORT_WORKERS at most, a few more files wait, beyond that 503). Each worker has a heap limit and
 * each file a deadline: a ZIP bomb or a pathological sheet ends one worker with 413, never the event
 * loop or the process. The bounds checked inside the worker (sheet-bounds.ts) refuse most such files
 * before they cost anything; the limits here are the backstop.
 */
@Injectable()
export class SheetReader implements OnModuleDestroy {
  private readonly logger = new Logger(SheetReader.name);
  private readonly pool: Piscina;
  private readonly bounds: SheetBounds;
  private readonly timeoutMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.bounds = { maxUncompressedBytes: config.IMPORT_MAX_UNCOMPRESSED_BYTES, maxCells: config.IMPORT_MAX_CELLS };
    this.timeoutMs = config.IMPORT_TIMEOUT_MS;
    this.pool = new Piscina({
      ...workerEntry(SHEET_WORKER),
      minThreads: 0,
      maxThreads: config.IMPORT_WORKERS,
      maxQueue: config.IMPORT_WORKERS * 4,
      idleTimeout: IDLE_MS,
      resourceLimits: { maxOldGenerationSizeMb: config.IMPORT_WORKER_MEMORY_MB },
    });
    // A worker that dies with no task on it is reported here; unheard, the event would end the process.
    this.pool.on('error', (error: unknown) => this.logger.warn({ err: error }, 'sheet worker failed'));
  }

  /** The grid of `file`: 413 beyond the size/memory/time bounds, 422 for too many rows or an unreadable file. */
  async read(file: Buffer): Promise<string[][]> {
    let outcome: TaskOutcome<string[][]>;
    try {
      outcome = await this.pool.run({ file, bounds: this.bounds }, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      if (isQueueFull(error)) throw new DomainError('SERVICE_UNAVAILABLE', 503, undefined, '正在导入的文件较多，请稍后再试');
      if (isOutOfMemory(error) || isAbort(error)) throw sheetTooLarge(this.bounds);
      throw error;
    }
    return unwrapOutcome(outcome);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }
}
