import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../services/platform/config.js';
import { dropDatabase } from '../../services/platform/database.js';
import { silentLogger } from '../../services/platform/logger.js';
import { createRedis } from '../../services/platform/redis.js';
import { sandboxDatabaseUrl, sandboxPrefix, startSandbox, type Sandbox } from '../../sandbox.js';
import { eventually } from '../support/platform.js';
import { DEMO_DEPOSIT } from '../../sandbox-chain.js';
import { TEST_REDIS_URL, deleteKeysWithPrefix } from '../support/redis.js';
import { cid } from '../../services/platform/telegram-ids.test-support.js';

// The sandbox as a newcomer uses it: started, stopped, started again. Each start has a new emulator whose
// update ids begin at 1 again, beside the database and Redis keys the last run left.
describe('the sandbox', () => {
  const name = `warhorn_e2e_sbx_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}`,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `{wt-${randomBytes(4).toString('hex')}}`,
    HTTP_PORT: '0',
    SANDBOX_TELEGRAM_PORT: '0',
    SANDBOX_X_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  let sandbox: Sandbox | undefined;

  afterAll(async () => {
    await sandbox?.stop();
    await dropDatabase(sandboxDatabaseUrl(config.DATABASE_URL));
    const redis = createRedis(TEST_REDIS_URL, 'warhorn-test-cleanup');
    await deleteKeysWithPrefix(redis, sandboxPrefix(config.REDIS_PREFIX));
    redis.disconnect();
  });

  const start = async (reset = false) => {
    const printed: string[] = [];
    sandbox = await startSandbox(config, silentLogger(), { interactive: false, reset, print: (line) => printed.push(line) });
    return printed;
  };

  const answersCarol = async (s: Sandbox, printed: string[]) => {
    const carol = s.world.people.carol.id;
    await s.run('carol dm /help');
    await s.emulator.waitForMessage({ userId: carol, botId: s.world.bot.id }, (m) => m.from?.id === s.world.bot.id && /\/raid/.test(m.text ?? ''), 15_000);
    // The console shows the bot's text as Telegram does, placeholders in angle brackets included.
    await eventually(() => printed.some((line) => line.includes('[DM Carol]') && line.includes('<')), 'the help text on the console');
  };

  /** The demo group's deposit address on the sandbox's chain was funded at start: the platform credits it
   * (the mining timer makes the confirmations), and the console told how to use it. */
  const creditsTheDemoGroup = async (s: Sandbox, printed: string[]) => {
    const money = s.money!;
    const asset = { chainId: money.config.id, token: money.usdt.address.toLowerCase() };
    const balance = () => s.platform.ledger.balance({ kind: 'group_balance', owner: String(s.world.group.id) }, asset);
    await eventually(async () => (await balance()) === DEMO_DEPOSIT.usdt, 'the demo deposit to be credited', 60_000);
    const native = await eventually(async () => {
      const b = await s.platform.ledger.balance({ kind: 'group_balance', owner: String(s.world.group.id) }, { chainId: asset.chainId, token: 'native' });
      return b === DEMO_DEPOSIT.nativeWei ? b : undefined;
    }, 'the native deposit to be credited', 30_000);
    expect(native).toBe(DEMO_DEPOSIT.nativeWei);
    const banner = printed.join('\n');
    expect(banner).toContain(s.world.money!.depositAddress);
    expect(banner).toMatch(/pool=100 USDT/);
    expect(banner).toContain('/balance');
    // The hot wallet key is for the platform only: the console names the wallet by its address.
    expect(banner).not.toContain(money.hotWallet.key.slice(2));
  };

  it('answers at once after being stopped and started twice, keeps its data, and forgets it on --reset', async () => {
    const first = await start();
    await answersCarol(sandbox!, first);
    expect(sandboxPrefix(config.REDIS_PREFIX)).toMatch(/^\{wt-[0-9a-f]+-sandbox\}$/);
    const groupId = cid(sandbox!.world.group.id);
    await eventually(async () => (await sandbox!.platform.groups.get(groupId))?.active, 'the demo group to register');
    await creditsTheDemoGroup(sandbox!, first);
    await sandbox!.stop();

    for (let run = 0; run < 2; run++) {
      const printed = await start();
      await answersCarol(sandbox!, printed);
      // Each run has a chain of its own, funded and credited anew (no stale scan of the last run's chain).
      if (run === 0) await creditsTheDemoGroup(sandbox!, printed);
      // What the last run stored is still there: Carol was registered once, in the first run.
      const registered = (await sandbox!.platform.history.list({ subjectKind: 'user', subjectId: String(sandbox!.world.people.carol.id) })).filter((e) => e.action === 'user.registered');
      expect(registered).toHaveLength(1);
      await sandbox!.stop();
    }

    const fresh = await start(true);
    expect(fresh[0]).toMatch(/sandbox reset/);
    await answersCarol(sandbox!, fresh);
    const events = await sandbox!.platform.history.list({ subjectKind: 'user', subjectId: String(sandbox!.world.people.carol.id) });
    expect(events.filter((e) => e.action === 'user.registered')).toHaveLength(1);
  }, 120_000);
});
