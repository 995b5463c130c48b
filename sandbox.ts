import { createInterface } from 'node:readline';
import { Agent } from 'node:https';
import type { Config } from './services/platform/config.js';
import type { Logger } from './services/platform/logger.js';
import { dropDatabase } from './services/platform/database.js';
import { chatId, telegramUserId } from './services/platform/telegram-ids.js';
import { createRedis } from './services/platform/redis.js';
import { startPlatform, type Platform } from './composition.js';
import { startTelegramEmulator, type TelegramEmulator } from './testkit/telegram/index.js';
import { startXFake } from './testkit/x/index.js';
import { createSandboxConsole, PEOPLE, type SandboxWorld } from './sandbox-console.js';
import type { SandboxChain } from './sandbox-chain.js';

/** The sandbox's own Redis prefix, inside the deployment's hash tag: `{warhorn}` → `{warhorn-sandbox}`. */
export function sandboxPrefix(prefix: string): string {
  return prefix.endsWith('}') ? `${prefix.slice(0, -1)}-sandbox}` : `${prefix}-sandbox`;
}

/** The sandbox's own database beside the deployment's: `.../warhorn` → `.../warhorn_sandbox`. */
export function sandboxDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `${url.pathname.replace(/_sandbox$/, '')}_sandbox`;
  return url.toString();
}

/** Forgets what earlier sandboxes stored: their database and their Redis keys. */
async function resetSandbox(databaseUrl: string, redisUrl: string, prefix: string): Promise<void> {
  await dropDatabase(databaseUrl);
  const redis = createRedis(redisUrl, 'warhorn-sandbox-reset');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** The sandbox's local chain (sandbox-chain.ts), loaded only here: it needs ganache and solc, dev
 * dependencies the production image leaves out. There the sandbox runs without money and says so. */
async function startMoney(print: (line: string) => void): Promise<SandboxChain | null> {
  let chainModule: typeof import('./sandbox-chain.js');
  try {
    chainModule = await import('./sandbox-chain.js');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    print('(no local chain: its dev dependencies are not installed, so money is off in this sandbox)');
    return null;
  }
  return chainModule.startSandboxChain();
}

export interface Sandbox {
  emulator: TelegramEmulator;
  platform: Platform;
  world: SandboxWorld;
  /** The local chain the platform's money runs on this run; null where the chain's dev dependencies
   * (ganache, solc) are not installed, as in the production image: money is off there. */
  money: SandboxChain | null;
  /** Runs one console line (what a person types), printing through `print`. */
  run(line: string): Promise<void>;
  stop(): Promise<void>;
}

/** The offline sandbox: a Telegram emulator with a demo group, an X fake with a post to raid, a local chain
 * with a test USDT (the demo group's deposit address funded, a hot wallet for withdrawals), and the whole
 * platform against them. Its own database (`<name>_sandbox`) and Redis prefix (`{<prefix>-sandbox}`), so it
 * never touches a deployment's data; they outlive a restart (earlier raids, points and history stay), and
 * `reset` forgets them. The emulator and the X fake start anew each time, so the processed-update marks are
 * keyed to the emulator's run: a new run's update 1 is not taken for the last run's. */
export async function startSandbox(
  config: Config,
  log: Logger,
  options: { interactive: boolean; reset?: boolean; print?: (line: string) => void },
): Promise<Sandbox> {
  const print = options.print ?? ((line: string) => console.log(line));
  const databaseUrl = sandboxDatabaseUrl(config.DATABASE_URL);
  const prefix = sandboxPrefix(config.REDIS_PREFIX);
  if (options.reset) {
    await resetSandbox(databaseUrl, config.REDIS_URL, prefix);
    print('(sandbox reset: its database and Redis keys are gone)');
  }

  const emulator = await startTelegramEmulator({ port: config.SANDBOX_TELEGRAM_PORT, floodLimits: true });
  const bot = emulator.createBot({ username: 'warhorn_sandbox_bot', firstName: 'Warhorn Sandbox' });
  const people = Object.fromEntries(PEOPLE.map((p) => [p.key, emulator.createUser(p)])) as unknown as SandboxWorld['people'];
  const group = emulator.createGroup({
    title: 'Warhorn Demo',
    type: 'supergroup',
    ownerId: people.alice.id,
    memberIds: [people.bob.id, people.carol.id, people.dave.id],
  });
  emulator.promote(group.id, people.bob.id, people.alice.id);

  // An X API fake with an account for each person and a project post to raid.
  const x = await startXFake({ port: config.SANDBOX_X_PORT, rateLimits: false });
  const xAccounts = Object.fromEntries(
    PEOPLE.map((p) => [p.key, x.createUser({ username: `${p.key}_on_x`, name: p.firstName, createdAt: new Date('2021-06-01'), followers: 250 })]),
  ) as SandboxWorld['xAccounts'];
  const project = x.createUser({ username: 'warhorn_demo', name: 'Warhorn Demo Project', createdAt: new Date('2020-01-01'), followers: 12_000 });
  const demoPost = x.post(project, 'Warhorn v1 is live: raids, honest validation, exact rewards. What should we build next?');

  // Money: each run its own local chain (sandbox-chain.ts), the demo group's address funded once the
  // platform knows it, blocks mined every 2 s.
  let money: SandboxChain | null;
  try {
    money = await startMoney(print);
  } catch (error) {
    await x.close();
    await emulator.close();
    throw error;
  }
  const moneyConfig = money
    ? {
        // Money on the sandbox's chain only, whatever the deployment lists: its addresses from the sandbox's
        // public key (SANDBOX_XPUB, a known test mnemonic), scanned every 2 s; withdrawals paid from one of the
        // local chain's funded accounts (a public test key, as the chain is).
        chains: [money.config],
        WALLET_XPUB: money.xpub,
        DEPOSIT_SCAN_INTERVAL_MS: 2000,
        HOT_WALLET_KEY: money.hotWallet.key,
        WITHDRAWAL_INTERVAL_MS: 3000,
      }
    : {};
  const sandboxChainId = money?.config.id;

  let platform: Platform;
  try {
    platform = await startPlatform(
      {
        ...config,
        BOT_TOKEN: bot.token,
        TELEGRAM_API_ROOT: emulator.apiRoot,
        BOT_MODE: 'polling',
        DATABASE_URL: databaseUrl,
        REDIS_PREFIX: prefix,
        // A demo on a laptop listens on this machine only, unless told otherwise.
        HTTP_HOST: config.HTTP_HOST ?? '127.0.0.1',
        // The emulator's Telegram Web page frames the Mini App (the links the banner prints).
        MINIAPP_FRAME_ANCESTORS: [...config.MINIAPP_FRAME_ANCESTORS, new URL(emulator.apiRoot).origin],
        X_API_ROOT: x.apiRoot,
        X_BEARER_TOKEN: x.bearerToken,
        X_CLIENT_ID: x.clientId,
        X_CLIENT_SECRET: x.clientSecret,
        // A quicker rhythm than production so a person sees a raid through in a few minutes.
        RAID_TICK_INTERVAL_MS: 5000,
        RAID_VALIDATION_GRACE_MS: 30_000,
        ...moneyConfig,
      },
      ['bot', 'api', 'worker'],
      log,
      {
        xHttpsAgent: new Agent({ ca: x.ca, keepAlive: true }),
        updateEpoch: emulator.runId,
        // The chain is new this run and funded at once: read it from its first block.
        depositsStartBlock: (chainId) => (chainId === sandboxChainId ? 0 : undefined),
      },
    );
  } catch (error) {
    await money?.stop();
    await x.close();
    await emulator.close();
    throw error;
  }
  // The demo members have linked their X accounts already, so they can claim raids at once.
  for (const p of PEOPLE) {
    await platform.users.touch({ id: people[p.key].id, first_name: p.firstName, username: p.username }, bot.id);
    await platform.users.linkXAccount(telegramUserId(people[p.key].id), xAccounts[p.key], 'oauth');
  }

  // The demo group's deposit address, sent 1000 USDT and 1 ETH as a person would; the scanner credits them
  // once the mining timer has made the 2 confirmations.
  let moneyWorld: SandboxWorld['money'] = null;
  if (money) {
    const { address: depositAddress } = await platform.wallet!.addressOf(chatId(group.id));
    await money.fund(depositAddress);
    moneyWorld = { chainName: money.config.name, chainId: money.config.id, rpcUrl: money.chain.rpcUrl, depositAddress, hotWalletAddress: money.hotWallet.address, usdtAddress: money.usdt.address };
  }
  const world: SandboxWorld = { emulator, x, bot, people, group, xAccounts, demoPost, platform, money: moneyWorld };
  const console_ = createSandboxConsole(world, print);

  // The demo starts as a person would: Alice opens the bot, then adds it to her group as an admin.
  await emulator.startBot(people.alice.id, bot.id);
  emulator.addBotToGroup(group.id, bot.id, people.alice.id, { admin: true });

  print(console_.banner(platform.url));
  const input = options.interactive ? createInterface({ input: process.stdin }) : null;
  input?.on('line', (line) => void console_.run(line));

  return {
    emulator,
    platform,
    world,
    money,
    run: (line) => console_.run(line),
    async stop() {
      input?.close();
      console_.close();
      await platform.stop();
      await money?.stop();
      await x.close();
      await emulator.close();
    },
  };
}
