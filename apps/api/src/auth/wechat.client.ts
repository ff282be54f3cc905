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

/**
 * Talks to the WeChat mini-program API (jscode2session). The base URL is configurable so tests run a
 * local fake speaking the same protocol. session_key stays on the server.
 */
@Injectable()
export class WechatClient {
  private readonly logger = new Logger(WechatClient.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

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
