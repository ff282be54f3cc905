import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { DomainError } from '../common/errors/domain-error';

export interface WechatSession {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

interface Code2SessionResponse {
  openid?: string;
  session_key?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

/** WeChat's "system busy" code: worth one more try. */
const BUSY = -1;
const INVALID_CODES = new Set([40029, 40163, 40226]);
const RATE_LIMITED = 45011;

/** Subscribe-message refusals that retrying cannot fix: the user has not (or no longer) consented. */
const NOT_SUBSCRIBED = new Set([43101, 43107]);
const TOKEN_INVALID = new Set([40001, 42001]);

export class WechatSendError extends Error {
  constructor(
    readonly errcode: number | null,
    message: string,
  ) {
    super(message);
  }

  /** Worth trying again later (busy, network), as opposed to a refusal. */
  get retryable(): boolean {
    return this.errcode === null || !NOT_SUBSCRIBED.has(this.errcode);
  }
}

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

/**
 * Talks to the WeChat mini-program API: jscode2session for sign-in, stable_token and
 * subscribeMessage.send for notifications. The base URL is configurable so tests run a local fake
 * speaking the same protocol. session_key stays on the server.
 */
@Injectable()
export class WechatClient {
  private readonly logger = new Logger(WechatClient.name);
  /**
   * A cache, not state: every instance may fetch its own, and stable_token hands all of them the
   * same token without invalidating the others.
   */
  private accessToken: { value: string; expiresAt: number } | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async sendSubscribeMessage(message: SubscribeMessage): Promise<void> {
    let result = await this.postSubscribe(message, await this.token(false));
    if (result.errcode && TOKEN_INVALID.has(result.errcode)) result = await this.postSubscribe(message, await this.token(true));
    if (result.errcode) throw new WechatSendError(result.errcode, result.errmsg ?? `errcode ${result.errcode}`);
  }

  private async postSubscribe(message: SubscribeMessage, token: string): Promise<{ errcode?: number; errmsg?: string }> {
    const url = new URL('/cgi-bin/message/subscribe/send', this.config.WECHAT_API_BASE);
    url.searchParams.set('access_token', token);
    return this.postJson(url, {
      touser: message.openid,
      template_id: message.templateId,
      page: message.page,
      data: message.data,
      miniprogram_state: this.config.NODE_ENV === 'production' ? 'formal' : 'developer',
      lang: 'zh_CN',
    });
  }

  private async token(forceRefresh: boolean): Promise<string> {
    if (!this.configured) throw new WechatSendError(null, 'WeChat credentials are not configured');
    if (!forceRefresh && this.accessToken && this.accessToken.expiresAt > Date.now() + 60_000) return this.accessToken.value;
    const url = new URL('/cgi-bin/stable_token', this.config.WECHAT_API_BASE);
    const res = await this.postJson<{ access_token?: string; expires_in?: number; errcode?: number; errmsg?: string }>(url, {
      grant_type: 'client_credential',
      appid: this.config.WECHAT_APPID,
      secret: this.config.WECHAT_SECRET,
      force_refresh: false,
    });
    if (!res.access_token) throw new WechatSendError(res.errcode ?? null, res.errmsg ?? 'no access_token');
    this.accessToken = { value: res.access_token, expiresAt: Date.now() + (res.expires_in ?? 7200) * 1000 };
    return res.access_token;
  }

  private async postJson<T = { errcode?: number; errmsg?: string }>(url: URL, body: object): Promise<T> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.WECHAT_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as T;
    } catch (error) {
      throw new WechatSendError(null, `WeChat unreachable: ${String(error)}`);
    }
  }

  get configured(): boolean {
    return !!(this.config.WECHAT_APPID && this.config.WECHAT_SECRET);
  }

  async code2Session(code: string): Promise<WechatSession> {
    if (!this.configured) throw new DomainError('WECHAT_NOT_CONFIGURED', 503);
    let response = await this.request(code);
    if (response.errcode === BUSY) {
      await new Promise((r) => setTimeout(r, 200));
      response = await this.request(code);
    }
    if (response.errcode && response.errcode !== 0) throw this.toError(response);
    if (!response.openid || !response.session_key) {
      this.logger.warn({ errmsg: response.errmsg }, 'jscode2session answered without openid');
      throw new DomainError('WECHAT_UNAVAILABLE', 503);
    }
    return { openid: response.openid, sessionKey: response.session_key, unionid: response.unionid };
  }

  private async request(code: string): Promise<Code2SessionResponse> {
    const url = new URL('/sns/jscode2session', this.config.WECHAT_API_BASE);
    url.search = new URLSearchParams({
      appid: this.config.WECHAT_APPID!,
      secret: this.config.WECHAT_SECRET!,
      js_code: code,
      grant_type: 'authorization_code',
    }).toString();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.config.WECHAT_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as Code2SessionResponse;
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'jscode2session failed');
      throw new DomainError('WECHAT_UNAVAILABLE', 503);
    }
  }

  private toError(response: Code2SessionResponse): DomainError {
    const details = { errcode: response.errcode };
    if (INVALID_CODES.has(response.errcode!)) return new DomainError('WECHAT_CODE_INVALID', 401, details);
    if (response.errcode === RATE_LIMITED) return new DomainError('WECHAT_RATE_LIMITED', 429, details);
    return new DomainError('WECHAT_UNAVAILABLE', 503, details);
  }
}
