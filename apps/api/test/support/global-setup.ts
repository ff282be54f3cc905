import { chooseTestDatabase, redact } from './test-database';

export default async function globalSetup(): Promise<void> {
  // Workers inherit this: every API test runs as a server in China would, so a local-time bug shows.
  process.env.TZ = 'Asia/Shanghai';
  const { url, why } = await chooseTestDatabase(process.env);
  process.env.DOORSTEP_TEST_DATABASE_URL = url;
  const label = url ? `MySQL/MariaDB at ${redact(url)}` : 'the embedded SQLite driver (better-sqlite3, in memory)';
  process.stdout.write(`\n[doorstep] API database tests run on ${label} — ${why}\n`);
}
