import { extname, join } from 'node:path';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import { DomainError } from '../errors/domain-error';
import { workerEntry } from '../workers';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface SheetColumn {
  header: string;
  width: number;
  /** Excel number format of the column's cells, e.g. AMOUNT_FORMAT. */
  numFmt?: string;
}

/** 元 with two decimals: the cell holds the number (fen / 100), the format keeps 1.50 from showing as 1.5. */
export const AMOUNT_FORMAT = '0.00';

export type SheetCell = string | number | null;

export interface SheetSpec {
  name: string;
  columns: SheetColumn[];
  rows: SheetCell[][];
}

/** Same extension as this file: .js when built, .ts when Jest runs the sources. */
const SHEET_WORKER = join(__dirname, `sheet.worker${extname(__filename)}`);
/** The worker stays warm this long after the last export (loading exceljs takes about a second). */
const IDLE_MS = 60_000;
/** Exports are rare and the machines small: one at a time, a few waiting, beyond that 503. */
const THREADS = 1;
const QUEUE = 4;
/** A 10 000-row sheet needs a few tens of MB; the limit keeps a runaway worker from taking the process. */
const WORKER_MEMORY_MB = 256;
const TIMEOUT_MS = 60_000;

const isQueueFull = (error: unknown) => error instanceof Error && error.message === 'Task queue is at limit';

/**
 * Writes XLSX files in a worker thread: the request thread only gathers the rows. One pool for the whole
 * app (XlsxModule), so ticket and billing exports queue behind the same single thread.
 */
@Injectable()
export class SheetWriter implements OnModuleDestroy {
  private readonly logger = new Logger(SheetWriter.name);
  private readonly pool = new Piscina({
    ...workerEntry(SHEET_WORKER),
    minThreads: 0,
    maxThreads: THREADS,
    maxQueue: QUEUE,
    idleTimeout: IDLE_MS,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_MEMORY_MB },
  });

  constructor() {
    // A worker that dies with no task on it is reported here; unheard, the event would end the process.
    this.pool.on('error', (error: unknown) => this.logger.warn({ err: error }, 'export worker failed'));
  }

  async write(sheets: SheetSpec[]): Promise<Buffer> {
    try {
      const bytes: Uint8Array = await this.pool.run({ sheets }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if (isQueueFull(error)) throw new DomainError('SERVICE_UNAVAILABLE', 503, undefined, '正在导出的文件较多，请稍后再试');
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }
}
