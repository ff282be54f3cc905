import { join } from 'node:path';
import type { ErrorCode } from '@doorstep/contracts';
import { DomainError } from './errors/domain-error';

/**
 * What a worker-thread task sends back. A DomainError thrown in the worker would arrive as a plain
 * Error (structured cloning keeps only message and stack), so it travels as data and is thrown again
 * on this side.
 */
export type TaskOutcome<T> =
  { ok: true; value: T } | { ok: false; error: { code: ErrorCode; statusCode: number; details?: unknown; message: string } };

/** Wraps a worker's task function (its module's default export) so its DomainErrors reach the caller. */
export function domainTask<I, O>(task: (input: I) => Promise<O>): (input: I) => Promise<TaskOutcome<O>> {
  return async (input) => {
    try {
      return { ok: true, value: await task(input) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const { code, statusCode, details, message } = error;
      return { ok: false, error: { code, statusCode, details, message } };
    }
  };
}

/** The task's value, or its DomainError thrown here. */
export function unwrapOutcome<T>(outcome: TaskOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  const { code, statusCode, details, message } = outcome.error;
  throw new DomainError(code, statusCode, details, message);
}

/**
 * Piscina options that load `entry`, a module of this app, in its worker threads. Built code is
 * JavaScript; under Jest, which runs the TypeScript sources, the workers compile theirs with ts-node
 * (swc), a development dependency that production never reaches.
 */
export function workerEntry(entry: string): { filename: string; execArgv?: string[]; env?: NodeJS.ProcessEnv } {
  if (!entry.endsWith('.ts')) return { filename: entry };
  return {
    filename: entry,
    execArgv: ['--require', require.resolve('ts-node/register/transpile-only')],
    // The API's own compiler settings (CommonJS), wherever the test runner was started.
    env: { ...process.env, TS_NODE_SWC: 'true', TS_NODE_PROJECT: join(__dirname, '..', '..', 'tsconfig.json') },
  };
}
