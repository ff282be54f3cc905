import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from './app-config';

/**
 * Outside production a missing JWT_SECRET is generated once and kept in DATA_DIR, so sign-ins survive
 * restarts of a single machine. Production refuses to boot without one (see validateConfig).
 */
export function withJwtSecret(config: AppConfig): AppConfig {
  if (config.JWT_SECRET) return config;
  const dir = resolve(config.DATA_DIR);
  const file = resolve(dir, '.jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return Object.freeze({ ...config, JWT_SECRET: readFileSync(file, 'utf8').trim() });
}
