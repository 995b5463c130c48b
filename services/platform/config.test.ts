import { describe, expect, it } from 'vitest';
import { ConfigError, configByConcern, loadConfig } from './config.js';

const TOKEN = '123456:not-a-real-token-just-its-shape';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('starts with documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/warhorn');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
    expect(config.BOT_MODE).toBe('polling');
    expect(config.HTTP_PORT).toBe(3000);
    expect(config.BOT_TOKEN).toBeUndefined();
    expect(config.MIGRATE_ON_START).toBe(true);
    expect(loadConfig({ MIGRATE_ON_START: 'false' }).MIGRATE_ON_START).toBe(false);
  });

  it('names the variable that is wrong', () => {
    expect(problems({ BOT_MODE: 'push' })).toEqual([expect.stringMatching(/^BOT_MODE .*polling.*webhook/)]);
    expect(problems({ HTTP_PORT: 'eighty' })).toEqual([expect.stringMatching(/^HTTP_PORT /)]);
    expect(problems({ DATABASE_URL: 'mysql://x' })).toEqual([expect.stringMatching(/^DATABASE_URL must be a URL/)]);
    expect(problems({ LOG_LEVEL: 'loud' })).toEqual([expect.stringMatching(/^LOG_LEVEL /)]);
    expect(problems({ MIGRATE_ON_START: 'maybe' })).toEqual([expect.stringMatching(/^MIGRATE_ON_START .*true.*false/)]);
    expect(problems({ X_CLIENT_ID: 'abc' })).toEqual([expect.stringMatching(/^X_CLIENT_SECRET is required when X_CLIENT_ID is set/)]);
  });

  it('requires what webhook mode needs, naming each missing variable', () => {
    const found = problems({ BOT_MODE: 'webhook', BOT_TOKEN: TOKEN });
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^PUBLIC_URL is required/), expect.stringMatching(/^WEBHOOK_SECRET is required/)]));
  });

  it('refuses a webhook secret Telegram would refuse, without echoing it', () => {
    const found = problems({ WEBHOOK_SECRET: 'has spaces and $ecret' });
    expect(found).toEqual([expect.stringMatching(/^WEBHOOK_SECRET must be 1-256 characters/)]);
    expect(found.join()).not.toContain('$ecret');
  });

  it('refuses a malformed bot token without printing it', () => {
    const found = problems({ BOT_TOKEN: 'not-a-token-secretvalue' });
    expect(found).toEqual([expect.stringMatching(/^BOT_TOKEN must look like/)]);
    expect(found.join()).not.toContain('secretvalue');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ BOT_TOKEN: '', HTTP_PORT: '' }).HTTP_PORT).toBe(3000);
  });

  it('hands the same variables out by concern, with what the checks guarantee in the types', () => {
    const webhook = configByConcern(loadConfig({
      BOT_TOKEN: TOKEN, BOT_MODE: 'webhook', PUBLIC_URL: 'https://bots.example.org/warhorn', WEBHOOK_SECRET: 's3cret',
      X_BEARER_TOKEN: 'bearer', OUTBOX_RETENTION_DAYS: '7', RAID_TICK_INTERVAL_MS: '5000', REDIS_PREFIX: '{w}',
    }));
    expect(webhook.telegram).toEqual({ botToken: TOKEN, apiRoot: 'https://api.telegram.org', connection: { mode: 'webhook', publicUrl: 'https://bots.example.org/warhorn/', secret: 's3cret' }, memberCacheMs: 5000 });
    expect(webhook.x).toMatchObject({ bearerToken: 'bearer', apiRoot: 'https://api.x.com', callbackUrl: 'https://bots.example.org/warhorn/x/oauth/callback', timelineReadsPerRaid: 100 });
    expect(webhook.outbox).toEqual({ dispatchIntervalMs: 200, retentionDays: 7, retryForMs: 6 * 3_600_000 });
    expect(webhook.raids).toEqual({ tickIntervalMs: 5000, sweepIntervalMs: 60_000, validationGraceMs: 300_000 });
    expect(webhook.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: '{w}' });
    expect(webhook.http).toEqual({ port: 3000, host: '0.0.0.0' });
    const polling = configByConcern(loadConfig({}));
    expect(polling.telegram.connection).toEqual({ mode: 'polling' });
    // Without a bearer token there is no X part at all (raids and linking are off), not one with holes.
    expect(polling.x).toBeNull();
    expect(polling.database).toEqual({ url: 'postgres://postgres@127.0.0.1:5432/warhorn', migrateOnStart: true, statementTimeoutMs: 30_000, connectTimeoutMs: 5000 });
  });

  it('opens the Mini App from the bots only at an HTTPS address, as Telegram requires', () => {
    expect(configByConcern(loadConfig({ MINIAPP_URL: '' })).miniApp).toBeNull();
    expect(configByConcern(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:3000' })).miniApp).toBeNull();
    expect(configByConcern(loadConfig({ PUBLIC_URL: 'https://a.example/base' })).miniApp).toEqual({ url: 'https://a.example/base/app/' });
    expect(configByConcern(loadConfig({ PUBLIC_URL: 'https://a.example', MINIAPP_URL: 'https://cdn.example/w/' })).miniApp).toEqual({ url: 'https://cdn.example/w/' });
    expect(() => loadConfig({ MINIAPP_URL: 'http://a.example/' })).toThrow(/MINIAPP_URL/);
  });
});
