import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createApp } from './app.factory';
import { ConfigError } from './common/config/app-config';
import { DEMO_ACCOUNTS } from './seed/demo-accounts';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { app, config } = await createApp();
  await app.listen({ port: config.PORT, host: config.HOST });
  const base = `http://localhost:${config.PORT}`;
  const lines = [
    '',
    `Doorstep is running on ${config.DATABASE_URL ? 'MySQL' : `the embedded database in ${config.DATA_DIR}`}`,
    `  API      ${base}/api/v1/health`,
    `  API docs ${base}/api/docs`,
  ];
  if (config.H5_DIR) lines.push(`  H5 app   ${base}/`);
  if (config.DEMO_LOGIN) {
    lines.push('  Demo sign-in (pick one in the app, or POST /api/v1/auth/demo {"phone": …}):');
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.phone}  ${a.name}  ${a.description}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Doorstep failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
