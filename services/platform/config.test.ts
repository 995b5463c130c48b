import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

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
});
