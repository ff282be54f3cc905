import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MinLength,
  Min,
  validateSync,
} from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every setting the API reads, validated once at boot. A bad or missing value stops the process with a
 * message naming the setting. The README's settings table mirrors this class.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** mysql://user:pass@host:3306/db (or mariadb://). Unset: the embedded SQLite file in DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^/]+\/[A-Za-z0-9_$-]+(\?.*)?$/, {
    message: 'DATABASE_URL must look like mysql://user:password@host:3306/database',
  })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = './data';

  /** HS256 secret for access tokens. Required in production; generated into DATA_DIR otherwise. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(3600)
  REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

  /** Comma-separated origins allowed by CORS; empty means same-origin only. `*` allows any. */
  @IsString()
  CORS_ORIGINS = '';

  /** Demo sign-in as one of the seeded demo accounts. Off unless enabled; the start script enables it; never in production. */
  @Transform(toBool)
  @IsBoolean()
  DEMO_LOGIN = false;

  /**
   * How often each instance polls the auth change feed (sign-outs, revoked sessions, changed roles):
   * a revocation made on one instance holds on every other within this long.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  AUTH_SYNC_INTERVAL_MS = 2000;

  /** Sign-in attempts (demo, WeChat, refresh) per route and client address per window, across all instances. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGN_IN_LIMIT_PER_IP = 120;

  /** Sign-in attempts per route, client address and account (phone, session) per window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGN_IN_LIMIT_PER_ACCOUNT = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  SIGN_IN_LIMIT_WINDOW_SECONDS = 60;

  /**
   * Which peers may tell the client's address in X-Forwarded-For (the rate limits key on it): `true`,
   * `false`, a hop count, or comma-separated addresses/CIDRs and the names loopback, linklocal, uniquelocal.
   */
  @Matches(/^(true|false|\d+|[0-9A-Za-z.:/,\s]+)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count, or addresses/CIDRs (loopback, uniquelocal …)',
  })
  TRUST_PROXY = 'loopback,linklocal,uniquelocal';

  /** Seed the demo data set when the database has no streets yet. */
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO = false;

  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'WECHAT_API_BASE must be an http(s) URL' })
  WECHAT_API_BASE = 'https://api.weixin.qq.com';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WECHAT_APPID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WECHAT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  WECHAT_TIMEOUT_MS = 5000;

  /** How often each instance sweeps deadlines (escalation, auto-close); 0 turns the sweeper off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SWEEP_INTERVAL_MS = 30_000;

  /** How often each instance delivers pending WeChat subscribe messages; 0 turns delivery off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DISPATCH_INTERVAL_MS = 10_000;

  /** Resolved tickets nobody rates close by themselves after this long (counted as unrated). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTO_CLOSE_HOURS = 72;

  /** A ticket escalated to the community goes on to the street after this long still open. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ESCALATE_TO_STREET_HOURS = 24;

  /** Reports one person may file per Shanghai day. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  TICKET_DAILY_CAP = 10;

  /** Reports one person may file per Shanghai day from one QR code. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  TICKET_QR_DAILY_CAP = 3;

  /** Subscribe-message template ids (mp.weixin.qq.com → 订阅消息); unset kinds are not sent. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WECHAT_TEMPLATE_TICKET_STATUS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WECHAT_TEMPLATE_TICKET_NEW?: string;

  /** The subscribe-message template for a home claim's outcome (房屋认证结果); unset keeps it in the app. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WECHAT_TEMPLATE_MEMBERSHIP_REVIEW?: string;

  /** The subscribe-message template for 催缴 (缴费提醒); unset keeps reminders in the app. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WECHAT_TEMPLATE_BILL_REMINDER?: string;

  /** WeChat Pay (API v3) merchant number. Unset: paying by WeChat is off (the app says so). Set with the rest. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\d{8,12}$/, { message: 'WECHATPAY_MCHID must be the merchant number (digits)' })
  WECHATPAY_MCHID?: string;

  /** The mini-program (or official account) appid the merchant number is bound to. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WECHATPAY_APPID?: string;

  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'WECHATPAY_API_BASE must be an http(s) URL' })
  WECHATPAY_API_BASE = 'https://api.mch.weixin.qq.com';

  /** The APIv3 key (32 characters) notifications are encrypted with. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[\x21-\x7e]{32}$/, { message: 'WECHATPAY_APIV3_KEY must be exactly 32 printable ASCII characters' })
  WECHATPAY_APIV3_KEY?: string;

  /** Serial number of the merchant API certificate (our requests name it). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[0-9A-Fa-f]{8,64}$/, { message: 'WECHATPAY_MERCHANT_SERIAL must be the certificate serial in hex' })
  WECHATPAY_MERCHANT_SERIAL?: string;

  /** apiclient_key.pem: the merchant private key our requests and paySign are signed with. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WECHATPAY_MERCHANT_KEY_FILE?: string;

  /** WeChat's public key (公钥模式) and/or platform certificates, comma-separated PEM files. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WECHATPAY_PLATFORM_PUBLIC_KEY_FILE?: string;

  /** The id of WeChat's public key, `PUB_KEY_ID_…` (certificates carry their own serial). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^PUB_KEY_ID_[0-9A-Za-z]+$/, { message: 'WECHATPAY_PLATFORM_KEY_ID must look like PUB_KEY_ID_0114…' })
  WECHATPAY_PLATFORM_KEY_ID?: string;

  /** Public https URL of POST /api/v1/payments/wechat/notify, where WeChat sends payment and refund results. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'WECHATPAY_NOTIFY_URL must be an http(s) URL' })
  WECHATPAY_NOTIFY_URL?: string;

  /** How often each instance closes expired WeChat orders and resends unsent refunds; 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  WECHATPAY_JOB_INTERVAL_MS = 60_000;

  /**
   * How often each instance checks whether yesterday's WeChat bill is reconciled (from 10:00 Shanghai;
   * a failed day is retried hourly); 0 turns the daily reconciliation off.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  WECHATPAY_RECONCILE_INTERVAL_MS = 600_000;

  /** Directory of the built H5 app to serve at `/`; empty serves nothing. */
  @IsString()
  H5_DIR = '';

  /** Origin residents reach the H5 app at; printed QR codes encode links under it, so changing it orphans old posters. */
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'PUBLIC_BASE_URL must be an http(s) URL, e.g. https://doorstep.example.cn' },
  )
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Largest JSON body accepted, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Deepest nesting of arrays/objects a JSON body may have (deeper: 400 JSON_TOO_COMPLEX). */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(1000)
  JSON_MAX_DEPTH = 32;

  /** Most arrays, objects and entries one JSON body may hold (more: 400 JSON_TOO_COMPLEX). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  JSON_MAX_ELEMENTS = 10_000;

  /**
   * Household imports: an XLSX (a ZIP) may unpack to at most this many bytes, counted from the sizes it
   * declares and again while inflating (413 beyond it). The uploaded file itself is bounded by
   * LIMITS.importMaxBytes.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1024 * 1024)
  IMPORT_MAX_UNCOMPRESSED_BYTES = 32 * 1024 * 1024;

  /** Household imports: most cells (XLSX cells and shared strings, or CSV fields) read from one file (422 beyond). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  IMPORT_MAX_CELLS = 100_000;

  /** Household imports are read in worker threads, at most this many at once per instance; a few more wait. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  IMPORT_WORKERS = 2;

  /** Heap of one import worker; a file that needs more is refused (413) and only that worker ends. */
  @Transform(toInt)
  @IsInt()
  @Min(32)
  IMPORT_WORKER_MEMORY_MB = 256;

  /** An import worker still reading after this long is stopped (413). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  IMPORT_TIMEOUT_MS = 30_000;

  /** Where photos live: files under DATA_DIR/uploads, or an S3-compatible bucket (several API instances). */
  @IsIn(['local', 's3'])
  STORAGE: 'local' | 's3' = 'local';

  /** S3-compatible endpoint (MinIO, Aliyun OSS, Tencent COS …); unset means AWS S3 in S3_REGION. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_BUCKET?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Bucket in the path (http://host/bucket/key) instead of the host name; MinIO usually needs it. */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;
}

export type AppConfig = Readonly<EnvironmentVariables>;

/** TRUST_PROXY as Fastify's `trustProxy` option takes it. */
export function trustProxy(config: AppConfig): boolean | number | string {
  const value = config.TRUST_PROXY.trim();
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Every setting the class declares a rule for (optional ones have no default, so no own property). */
function declaredSettings(): string[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', true, false);
  return [...new Set(rules.map((r) => r.propertyName))];
}

export class ConfigError extends Error {}

/** WeChat Pay is on only with all of these; some but not all is a mistake worth stopping for. */
const WECHATPAY_REQUIRED = [
  'WECHATPAY_MCHID',
  'WECHATPAY_APPID',
  'WECHATPAY_APIV3_KEY',
  'WECHATPAY_MERCHANT_SERIAL',
  'WECHATPAY_MERCHANT_KEY_FILE',
  'WECHATPAY_PLATFORM_PUBLIC_KEY_FILE',
  'WECHATPAY_NOTIFY_URL',
] as const;

/** Validates raw settings; throws ConfigError naming every bad setting. */
export function validateConfig(raw: Record<string, unknown>): AppConfig {
  const picked: Record<string, unknown> = {};
  for (const key of declaredSettings()) {
    if (raw[key] !== undefined) picked[key] = raw[key];
  }
  const config = plainToInstance(EnvironmentVariables, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    problems.push('JWT_SECRET: required when NODE_ENV=production (at least 32 characters)');
  }
  if (config.NODE_ENV === 'production' && config.DEMO_LOGIN) {
    problems.push('DEMO_LOGIN: must be off when NODE_ENV=production (demo sign-in lets anyone in as a demo account)');
  }
  if ((config.WECHAT_APPID && !config.WECHAT_SECRET) || (!config.WECHAT_APPID && config.WECHAT_SECRET)) {
    problems.push('WECHAT_APPID/WECHAT_SECRET: set both or neither');
  }
  const wechatPay = WECHATPAY_REQUIRED.filter((key) => config[key]);
  if (wechatPay.length && wechatPay.length < WECHATPAY_REQUIRED.length) {
    const missing = WECHATPAY_REQUIRED.filter((key) => !config[key]);
    problems.push(`${missing.join(', ')}: required when WeChat Pay is configured (set all WECHATPAY_* settings or none)`);
  }
  if (config.STORAGE === 's3') {
    for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!config[key]) problems.push(`${key}: required when STORAGE=s3`);
    }
  }
  if (problems.length) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return Object.freeze(config);
}

export const APP_CONFIG = Symbol('APP_CONFIG');
