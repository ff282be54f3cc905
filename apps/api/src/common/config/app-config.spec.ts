import { ConfigError, validateConfig } from './app-config';

describe('configuration', () => {
  it('has working defaults for a bare machine', () => {
    const config = validateConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: './data', DEMO_LOGIN: false });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('reads numbers and booleans from strings', () => {
    expect(validateConfig({ PORT: '8080', DEMO_LOGIN: 'true' })).toMatchObject({ PORT: 8080, DEMO_LOGIN: true });
  });

  it('stops with a message naming each bad setting', () => {
    expect(() => validateConfig({ PORT: 'eighty', DATABASE_URL: 'postgres://x/y', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      validateConfig({ PORT: 'eighty', DATABASE_URL: 'postgres://x/y', LOG_LEVEL: 'loud' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL must look like mysql://');
      expect(message).toContain('LOG_LEVEL');
    }
  });

  it('requires a JWT secret in production', () => {
    expect(() => validateConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required/);
    expect(() => validateConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(validateConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).NODE_ENV).toBe('production');
  });

  it('refuses demo sign-in in production, naming the setting', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(() => validateConfig({ ...production, DEMO_LOGIN: 'true' })).toThrow(
      /DEMO_LOGIN: must be off when NODE_ENV=production/,
    );
    expect(validateConfig({ ...production, DEMO_LOGIN: 'false' }).DEMO_LOGIN).toBe(false);
  });

  it('wants both WeChat credentials or neither', () => {
    expect(() => validateConfig({ WECHAT_APPID: 'wx1' })).toThrow(/WECHAT_APPID\/WECHAT_SECRET/);
  });
});
