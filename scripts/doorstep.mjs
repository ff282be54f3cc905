#!/usr/bin/env node
// The two commands of the README: `npm start` and `npm test`. Needs only Node 20: pnpm is fetched
// through npx when absent, dependencies are installed when missing or stale, and builds are skipped
// when their output is newer than their sources.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '9.15.9';
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (msg) => process.stdout.write(`\x1b[36m[doorstep]\x1b[0m ${msg}\n`);

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts, env: { ...process.env, ...opts.env } });
  if (res.status !== 0) {
    say(`failed: ${cmd} ${args.join(' ')} (exit ${res.status ?? res.signal})`);
    process.exit(res.status ?? 1);
  }
}

/** pnpm 9 on PATH, or the same version through npx. */
function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim().startsWith('9.')) return ['pnpm'];
  say(`pnpm 9 not found on PATH; using npx pnpm@${PNPM_VERSION}`);
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}
const pnpmCmd = pnpmCommand();
const pnpm = (args, opts) => run(pnpmCmd[0], [...pnpmCmd.slice(1), ...args], opts);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Builds when `output` is missing or older than any of `sources`. */
function buildIfStale(label, output, sources, args) {
  const out = resolve(root, output);
  const builtAt = existsSync(out) ? statSync(out).mtimeMs : 0;
  if (builtAt && sources.every((s) => newestMtime(resolve(root, s)) <= builtAt)) {
    say(`${label}: up to date`);
    return;
  }
  say(`building ${label} …`);
  pnpm(args);
}

function ensureInstalled() {
  const marker = resolve(root, 'node_modules/.modules.yaml');
  const lock = resolve(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  say('installing dependencies (first run compiles the embedded database driver; about two minutes) …');
  pnpm(['install', '--frozen-lockfile']);
}

function buildContracts() {
  buildIfStale(
    'shared contracts',
    'packages/contracts/dist/index.js',
    ['packages/contracts/src', 'packages/contracts/package.json'],
    ['--filter', '@doorstep/contracts', 'run', 'build'],
  );
}

function buildH5() {
  buildIfStale(
    'H5 app',
    'apps/miniapp/dist/h5/index.html',
    ['apps/miniapp/src', 'apps/miniapp/config', 'packages/contracts/src'],
    ['--filter', '@doorstep/miniapp', 'run', 'build:h5'],
  );
}

/** The mini-program as uploaded to WeChat; the weapp tests render every page of it. */
function buildWeapp() {
  buildIfStale(
    'weapp mini-program',
    'apps/miniapp/dist/weapp/app.json',
    ['apps/miniapp/src', 'apps/miniapp/config', 'packages/contracts/src'],
    ['--filter', '@doorstep/miniapp', 'run', 'build:weapp'],
  );
}

/**
 * The demo's WeChat Pay: a local fake of the v3 merchant API (apps/api/src/dev/fake-wechatpay.ts), so
 * paying a bill can be tried end to end in the H5 app. Skipped when real WECHATPAY_* settings are given
 * or WECHATPAY_FAKE=0. Resolves to the settings the API needs to use it.
 */
function startFakeWechatPay(apiPort) {
  if (process.env.WECHATPAY_MCHID || process.env.WECHATPAY_FAKE === '0') return Promise.resolve({ env: {}, child: null });
  const child = spawn(
    process.execPath,
    [
      'dist/dev/fake-wechatpay.main.js',
      '--dir',
      resolve(root, 'data/wechatpay-fake'),
      '--port',
      process.env.WECHATPAY_FAKE_PORT ?? '3901',
      '--deliver-to',
      `http://127.0.0.1:${apiPort}/api/v1/payments/wechat/notify`,
    ],
    { cwd: resolve(root, 'apps/api'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolvePromise) => {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const line = buffered.split('\n').find((l) => l.startsWith('WECHATPAY_ENV '));
      if (!line) return;
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      const env = JSON.parse(line.slice('WECHATPAY_ENV '.length));
      say(`demo WeChat Pay (a local fake, no real money) at ${env.WECHATPAY_API_BASE}`);
      resolvePromise({ env, child });
    });
    child.on('exit', () => resolvePromise({ env: {}, child: null }));
  });
}

async function start() {
  ensureInstalled();
  buildContracts();
  buildIfStale(
    'API',
    'apps/api/dist/main.js',
    ['apps/api/src', 'packages/contracts/src'],
    ['--filter', '@doorstep/api', 'run', 'build'],
  );
  buildH5();
  const fakePay = await startFakeWechatPay(process.env.PORT ?? '3000');
  say(`ready to start after ${elapsed()}`);
  const env = {
    DEMO_LOGIN: 'true',
    SEED_DEMO: 'true',
    DATA_DIR: resolve(root, 'data'),
    H5_DIR: resolve(root, 'apps/miniapp/dist/h5'),
    ...fakePay.env,
    ...process.env,
  };
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: resolve(root, 'apps/api'), stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      child.kill(signal);
      fakePay.child?.kill(signal);
    });
  }
  child.on('exit', (code, signal) => {
    fakePay.child?.kill('SIGTERM');
    process.exit(code ?? (signal ? 0 : 1));
  });
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const findChromium = () => [process.env.CHROMIUM_PATH, ...CHROMIUM_CANDIDATES].find((p) => p && existsSync(p));

/**
 * The browser tests drive a real Chromium. A bare machine has none: install Debian's package (never a
 * browser download from outside the npm registry or Debian), as root or through passwordless sudo.
 */
function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const asRoot = process.getuid?.() === 0;
  const sudo = !asRoot && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (!existsSync('/usr/bin/apt-get') || !(asRoot || sudo)) {
    say('Chromium is missing and cannot be installed here (needs apt-get as root or passwordless sudo).');
    say('Install it yourself (apt-get install -y chromium) or set CHROMIUM_PATH, then run the tests again.');
    process.exit(1);
  }
  const apt = (args) =>
    sudo
      ? run('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args])
      : run('apt-get', args, { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  say("Chromium not found: installing Debian's chromium and a Chinese font with apt-get (about 90 s) …");
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-wqy-microhei']);
  const installed = findChromium();
  if (!installed) {
    say('apt-get finished but no Chromium binary was found.');
    process.exit(1);
  }
  say(`Chromium installed: ${installed}`);
  return installed;
}

function test(extraArgs) {
  ensureInstalled();
  buildContracts();
  buildH5();
  buildWeapp();
  process.env.CHROMIUM_PATH = ensureChromium();
  say(`running the test suite (${elapsed()} spent preparing) …`);
  run(process.execPath, [resolve(root, 'node_modules/jest/bin/jest.js'), ...extraArgs]);
  say(`all tests passed in ${elapsed()}`);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'start') void start();
else if (command === 'test') test(rest);
else {
  process.stderr.write('usage: node scripts/doorstep.mjs start|test [jest args]\n');
  process.exit(2);
}
