import Taro from '@tarojs/taro';
import {
  API_PREFIX,
  ENDPOINTS,
  ERROR_MESSAGES,
  buildPath,
  buildQuery,
  isErrorBody,
  type Endpoint,
  type ErrorCode,
} from '@doorstep/contracts';

import { zh } from '../i18n/zh';
import { clearTokens, getSession, setTokens } from './session';

/**
 * H5 is served by the API itself, so it calls the same origin. The mini-program has no origin and
 * needs an absolute base (config/index.ts `env.TARO_APP_API_BASE`).
 */
export const API_BASE_URL =
  process.env.TARO_ENV === 'h5' ? API_PREFIX : `${process.env.TARO_APP_API_BASE.replace(/\/+$/, '')}${API_PREFIX}`;

const TIMEOUT_MS = 15_000;
/** A photo over a weak mobile network takes longer than a JSON call. */
const UPLOAD_TIMEOUT_MS = 60_000;
const NETWORK_RETRY_DELAY_MS = 400;

// ------------------------------------------------------------------ types from the endpoint map

/** Any endpoint at all: `any` only widens the constraint; each call infers its endpoint's exact types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widest constraint; never a value's type
type AnyEndpoint = Endpoint<any, any, any, any>;

type TypesOf<E> = E extends Endpoint<infer P, infer B, infer Q, infer R> ? { params: P; body: B; query: Q; res: R } : never;

export type ParamsOf<E extends AnyEndpoint> = TypesOf<E>['params'];
export type BodyOf<E extends AnyEndpoint> = TypesOf<E>['body'];
export type QueryOf<E extends AnyEndpoint> = TypesOf<E>['query'];
export type ResponseOf<E extends AnyEndpoint> = TypesOf<E>['res'];

/** `void` → must be absent; all-optional object → may be absent; otherwise required. */
type Slot<K extends string, T> = [T] extends [void]
  ? { [P in K]?: undefined }
  : // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends T` asks "is every key optional"
    {} extends T
    ? { [P in K]?: T }
    : { [P in K]: T };

export type CallOptions<E extends AnyEndpoint> = Slot<'params', ParamsOf<E>> &
  Slot<'body', BodyOf<E>> &
  Slot<'query', QueryOf<E>> & {
    /**
     * For idempotent endpoints: the key to send instead of a fresh one. A form that the user submits
     * again after a failure passes the same key, so the server still creates one object.
     */
    idempotencyKey?: string;
  };

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- as in Slot: "is every option optional"
type CallArgs<E extends AnyEndpoint> = {} extends CallOptions<E> ? [options?: CallOptions<E>] : [options: CallOptions<E>];

// ------------------------------------------------------------------ errors

export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR' | (string & {});

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** HTTP status, or null when the request never got an answer. */
  readonly statusCode: number | null;
  readonly details?: unknown;

  constructor(code: ApiErrorCode, message: string, statusCode: number | null, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = statusCode;
    this.details = details;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError || (value instanceof Error && value.name === 'ApiError');
}

/** A Chinese message for anything thrown by a call. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  return zh.errors.unknown;
}

function messageFor(code: string, serverMessage?: string): string {
  if (code in ERROR_MESSAGES) return ERROR_MESSAGES[code as ErrorCode];
  return serverMessage || zh.errors.unknown;
}

/** When the body is not our JSON error (a proxy's HTML page, an empty 502), go by the status. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'ROUTE_NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'SERVICE_UNAVAILABLE';
  if (status >= 500) return 'INTERNAL_ERROR';
  return 'BAD_REQUEST';
}

function toApiError(status: number, data: unknown): ApiError {
  if (isErrorBody(data)) {
    return new ApiError(data.code, messageFor(data.code, data.message), status, data.details);
  }
  const code = codeForStatus(status);
  return new ApiError(code, ERROR_MESSAGES[code], status);
}

function networkError(): ApiError {
  return new ApiError('NETWORK_ERROR', zh.errors.network, null);
}

// ------------------------------------------------------------------ transport

interface Answer {
  statusCode: number;
  data: unknown;
  /** Response headers (lower-case names on H5; as sent on weapp). */
  header?: Record<string, string>;
}

/** One HTTP exchange; resolves with any answer, rejects only when there was none (offline, timeout). */
type Transport = (header: Record<string, string>) => Promise<Answer>;

function authHeader(accessToken: string | null, idempotencyKey?: string): Record<string, string> {
  const header: Record<string, string> = { Accept: 'application/json' };
  if (accessToken) header.Authorization = `Bearer ${accessToken}`;
  if (idempotencyKey) header['Idempotency-Key'] = idempotencyKey;
  return header;
}

function jsonTransport(method: Endpoint<unknown, unknown, unknown, unknown>['method'], url: string, body: unknown): Transport {
  return async (header) => {
    let data: unknown;
    if (method !== 'GET') {
      // Always send a JSON body on writes: wx.request sends Content-Type: application/json even
      // without data, and an empty JSON body is a 400 on the server.
      header['Content-Type'] = 'application/json';
      data = body === undefined ? {} : body;
    }
    const res = await Taro.request({
      url,
      method,
      header,
      data: data as TaroGeneral.IAnyObject,
      dataType: 'json',
      timeout: TIMEOUT_MS,
    });
    return { statusCode: res.statusCode, data: res.data, header: res.header as Record<string, string> | undefined };
  };
}

/** uploadFile answers with the body as text on both platforms. */
function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return data === '' ? undefined : JSON.parse(data);
  } catch {
    return data;
  }
}

/** RFC 4122 version-4 shaped; crypto where the platform has it (H5), Math.random otherwise. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  // `crypto` is a global in browsers only; the mini-program has none (typeof keeps this safe).
  if (typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function') crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------ token refresh (single-flight)

let refreshing: Promise<void> | null = null;

/**
 * Rotates the token pair once, however many requests saw TOKEN_EXPIRED at the same time.
 * `staleAccessToken` is the token the failed request carried: if the session already holds a
 * different one, another request has refreshed meanwhile and the caller just retries.
 */
function refreshTokens(staleAccessToken: string): Promise<void> {
  if (getSession().accessToken !== staleAccessToken) return Promise.resolve();
  if (!refreshing) {
    refreshing = doRefresh().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function doRefresh(): Promise<void> {
  const refreshToken = getSession().refreshToken;
  if (!refreshToken) {
    clearTokens();
    throw new ApiError('UNAUTHENTICATED', ERROR_MESSAGES.UNAUTHENTICATED, 401);
  }
  try {
    const pair = await execute(ENDPOINTS.refresh, { body: { refreshToken } }, false);
    setTokens(pair);
  } catch (error) {
    // The server said no (invalid, reused or revoked refresh token): the session is over.
    // A network failure keeps the tokens so the next attempt can refresh.
    if (isApiError(error) && error.statusCode !== null && error.statusCode < 500) clearTokens();
    throw error;
  }
}

// ------------------------------------------------------------------ the one entry point

type RawOptions = { params?: unknown; body?: unknown; query?: unknown; idempotencyKey?: string };

function endpointUrl(endpoint: AnyEndpoint, options: RawOptions): string {
  return (
    API_BASE_URL +
    buildPath(endpoint.path, options.params as Record<string, string | number> | undefined) +
    buildQuery(options.query as object | undefined)
  );
}

async function execute<E extends AnyEndpoint>(endpoint: E, options: RawOptions, withAuth: boolean): Promise<ResponseOf<E>> {
  const transport = jsonTransport(endpoint.method, endpointUrl(endpoint, options), options.body);
  return exchange(endpoint, transport, options.idempotencyKey, withAuth) as Promise<ResponseOf<E>>;
}

/**
 * The rules every call follows, whatever carries it (JSON request or file upload): the
 * Idempotency-Key, one retry on network failure for GETs and idempotent calls, one token refresh.
 */
async function exchange(
  endpoint: AnyEndpoint,
  transport: Transport,
  givenKey: string | undefined,
  withAuth: boolean,
): Promise<unknown> {
  // One key per logical call: every retry of this call repeats it, so the server applies it once.
  const idempotencyKey = endpoint.idempotent ? (givenKey ?? newIdempotencyKey()) : undefined;
  const retriesOnNetworkFailure = endpoint.method === 'GET' || Boolean(endpoint.idempotent);
  let refreshed = false;
  let networkRetried = false;

  for (;;) {
    const accessToken = withAuth ? getSession().accessToken : null;
    let answer: Answer;
    try {
      answer = await transport(authHeader(accessToken, idempotencyKey));
    } catch {
      if (retriesOnNetworkFailure && !networkRetried) {
        networkRetried = true;
        await delay(NETWORK_RETRY_DELAY_MS);
        continue;
      }
      throw networkError();
    }

    const { statusCode, data } = answer;
    // 304 only ever answers a request that sent If-None-Match (callIfChanged): "keep what you have".
    if ((statusCode >= 200 && statusCode < 300) || statusCode === 304) {
      // 204 arrives as null (H5) or '' (weapp).
      return data === '' || data === null ? undefined : data;
    }

    const error = toApiError(statusCode, data);
    if (statusCode === 401 && accessToken) {
      if (error.code === 'TOKEN_EXPIRED' && !refreshed) {
        refreshed = true;
        await refreshTokens(accessToken);
        continue;
      }
      // Any other 401 with a token means the token is no good: sign out locally.
      clearTokens();
    }
    throw error;
  }
}

/**
 * Calls one endpoint from @doorstep/contracts' ENDPOINTS. Params, body, query and the result are
 * typed by the endpoint: `call(ENDPOINTS.listCompounds, { query: { limit: 20 } })`.
 * Rejects with ApiError only.
 */
export function call<E extends AnyEndpoint>(endpoint: E, ...args: CallArgs<E>): Promise<ResponseOf<E>> {
  return execute(endpoint, args[0] ?? {}, true);
}

/** What a revalidated GET gives: the new answer, or `changed: false` when the server said 304. */
export type Revalidated<T> = { changed: true; data: T; etag: string | null } | { changed: false; etag: string };

/**
 * A GET sent with the ETag of the previous answer as If-None-Match, under the same token and retry
 * rules as `call`. Polls use it: a 304 carries no body.
 */
export async function callIfChanged<E extends AnyEndpoint>(
  endpoint: E,
  etag: string | null,
): Promise<Revalidated<ResponseOf<E>>> {
  const plain = jsonTransport('GET', endpointUrl(endpoint, {}), undefined);
  let last: Answer | null = null;
  const transport: Transport = async (header) => {
    if (etag) header['If-None-Match'] = etag;
    last = await plain(header);
    return last;
  };
  const data = await exchange(endpoint, transport, undefined, true);
  const answer = last as Answer | null;
  if (answer?.statusCode === 304 && etag) return { changed: false, etag };
  const tag = Object.entries(answer?.header ?? {}).find(([name]) => name.toLowerCase() === 'etag')?.[1] ?? null;
  return { changed: true, data: data as ResponseOf<E>, etag: tag };
}

/**
 * Uploads one photo as the multipart field `file` of an upload endpoint, with the same token, refresh,
 * retry and Idempotency-Key rules as `call`. `source` is a temp file path (weapp), or on H5 the Blob
 * itself: the page's Content-Security-Policy (connect-src 'self') forbids reading blob: URLs back
 * with XHR, which is how Taro's H5 uploadFile would get at the bytes.
 */
export async function uploadFile<E extends AnyEndpoint>(
  endpoint: E,
  source: string | Blob,
  options: { params?: ParamsOf<E>; query?: QueryOf<E>; fileName?: string } = {},
): Promise<ResponseOf<E>> {
  const url = endpointUrl(endpoint, options);
  const fileName = options.fileName ?? 'photo.jpg';
  const transport: Transport =
    typeof source === 'string'
      ? async (header) => {
          // The platform sets the multipart Content-Type with its boundary.
          delete header['Content-Type'];
          const res = await Taro.uploadFile({ url, filePath: source, name: 'file', header, timeout: UPLOAD_TIMEOUT_MS });
          return { statusCode: res.statusCode, data: parseJson(res.data) };
        }
      : async (header) => {
          const form = new FormData();
          form.append('file', source, fileName);
          const abort = new AbortController();
          const timer = setTimeout(() => abort.abort(), UPLOAD_TIMEOUT_MS);
          try {
            const res = await fetch(url, { method: 'POST', headers: header, body: form, signal: abort.signal });
            return { statusCode: res.status, data: parseJson(await res.text()) };
          } finally {
            clearTimeout(timer);
          }
        };
  return exchange(endpoint, transport, undefined, true) as Promise<ResponseOf<E>>;
}

/** What the API's relative photo addresses (`/api/v1/uploads/7/thumb`) resolve against. */
export const API_ORIGIN = process.env.TARO_ENV === 'h5' ? '' : process.env.TARO_APP_API_BASE.replace(/\/+$/, '');

interface Downloaded {
  statusCode: number;
  /** The local copy, on success. */
  path?: string;
  /** The API's error body, when it could be read (H5). */
  data?: unknown;
}

/**
 * H5: fetch, so a refusal's JSON body (EXPORT_TOO_LARGE: narrow the search) reaches the person; Taro's
 * H5 downloadFile hands back only a blob: URL, which the page's CSP (connect-src 'self') cannot read.
 * weapp: downloadFile, which writes a temp file.
 */
async function fetchFile(url: string, header: Record<string, string>): Promise<Downloaded> {
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(url, { headers: header });
    if (res.ok) return { statusCode: res.status, path: URL.createObjectURL(await res.blob()) };
    return { statusCode: res.status, data: await res.json().catch(() => undefined) };
  }
  const res = await Taro.downloadFile({ url, header });
  return { statusCode: res.statusCode, path: res.tempFilePath };
}

/**
 * Downloads a file that needs the sign-in (photos, posters, exports): an <Image src> cannot send the
 * Authorization header, so the bytes come through here and the page shows the local copy (a temp file
 * on weapp, a blob: URL on H5). Refreshes an expired token once; rejects with ApiError.
 */
export async function downloadAuthorized(path: string): Promise<string> {
  const url = /^https?:/.test(path) ? path : `${API_ORIGIN}${path}`;
  let refreshed = false;
  for (;;) {
    const accessToken = getSession().accessToken;
    let res: Downloaded;
    try {
      res = await fetchFile(url, authHeader(accessToken));
    } catch {
      throw networkError();
    }
    if (res.statusCode >= 200 && res.statusCode < 300 && res.path) return res.path;
    if (res.statusCode === 401 && accessToken && !refreshed) {
      refreshed = true;
      await refreshTokens(accessToken);
      continue;
    }
    throw toApiError(res.statusCode, res.data);
  }
}
