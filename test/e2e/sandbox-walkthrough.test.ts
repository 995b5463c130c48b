import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../services/platform/config.js';
import { dropDatabase } from '../../services/platform/database.js';
import { silentLogger } from '../../services/platform/logger.js';
import { createRedis } from '../../services/platform/redis.js';
import { sandboxDatabaseUrl, sandboxPrefix, startSandbox, type Sandbox } from '../../sandbox.js';
import { eventually } from '../support/platform.js';
import { TEST_REDIS_URL, deleteKeysWithPrefix } from '../support/redis.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';

/** The walk-through of the README's "Two commands" section, as a newcomer types it. */
function readmeWalkthrough(): string[] {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const block = /runs a raid to its results[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('the README has no sandbox walk-through');
  return block.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean);
}

describe("the README's sandbox walk-through, word for word", () => {
  const config = loadConfig({
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/warhorn_e2e_walk_${randomBytes(4).toString('hex')}`,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `{wt-${randomBytes(4).toString('hex')}}`,
    HTTP_PORT: '0',
    SANDBOX_TELEGRAM_PORT: '0',
    SANDBOX_X_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  let sandbox: Sandbox;
  const printed: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox(config, silentLogger(), { interactive: false, print: (line) => printed.push(line) });
    await eventually(async () => (await sandbox.platform.groups.get(cid(sandbox.world.group.id)))?.active, 'the demo group to register');
  });
  afterAll(async () => {
    await sandbox?.stop();
    await dropDatabase(sandboxDatabaseUrl(config.DATABASE_URL));
    const redis = createRedis(TEST_REDIS_URL, 'warhorn-test-cleanup');
    await deleteKeysWithPrefix(redis, sandboxPrefix(config.REDIS_PREFIX));
    redis.disconnect();
  });

  it('ends with every person verdict as the README says', async () => {
    const { world } = sandbox;
    const group = cid(world.group.id);
    const botSays = (pattern: RegExp, timeoutMs = 30_000) =>
      eventually(() => world.emulator.messages(group).find((m) => m.from?.id === world.bot.id && pattern.test(m.text ?? '')), `the bot to say ${pattern}`, timeoutMs);
    const lines = readmeWalkthrough();
    expect(lines).toHaveLength(8);

    for (const line of lines) {
      const typed = line.replace('<id from the banner>', world.demoPost.id);
      if (/^carol dm \/myraid/.test(typed)) {
        // "once the results are out"
        await botSays(/Raid #\d+ validated/, 120_000);
      }
      await sandbox.run(typed);
      if (/\/raid /.test(typed)) await botSays(/RAID LIVE/);
      if (/ press$/.test(typed)) await eventually(() => printed.some((p) => p.includes(`(${typed.split(' ')[0]} pressed "I raided"`)), 'the press to be answered').catch((e) => { console.log(printed.join('\n')); throw e; });
    }

    const raid = (await world.platform.raids.latest(group))!;
    expect(raid).toMatchObject({ endReason: 'targets' });
    expect(world.emulator.chat(group).permissions.can_send_messages).not.toBe(false);
    const carol = await world.emulator.waitForMessage({ userId: world.people.carol.id, botId: world.bot.id }, (m) => /accepted/i.test(m.text ?? ''), 30_000);
    expect(carol.text).toMatch(/reply/i);
    const outcomes = await Promise.all((['carol', 'bob', 'dave'] as const).map((p) => world.platform.validation!.outcomeFor(raid.id, uid(world.people[p].id))));
    expect(outcomes.map((o) => [o?.verdict, o?.points])).toEqual([
      ['accepted', 4],
      ['accepted', 5],
      ['accepted', 4],
    ]);
  }, 180_000);
});
