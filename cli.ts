import { parseArgs } from 'node:util';
import { ConfigError, configByConcern, loadConfig, loadSweepConfig, type Config } from './services/platform/config.js';
import { createTokenCipher } from './services/platform/token-cipher.js';
import { resealStoredTokens } from './services/bot-registry/index.js';
import { createLogger, type Logger } from './services/platform/logger.js';
import { databaseExists, openDatabase } from './services/platform/database.js';
import { UnreachableError, waitForDependencies, waitForPostgres } from './services/platform/reachability.js';
import { createMetrics } from './services/platform/metrics.js';
import { migrations } from './services/catalog.js';
import { createHistory, readAnchors } from './services/history/index.js';
import { redriveFailedInOutage } from './services/notifications/index.js';
import { ROLES, startPlatform, type Role } from './composition.js';
import { systemClock } from './services/platform/clock.js';
import { promptHidden, readSecretFile } from './services/platform/secret-input.js';
import { sweep, SweepFailedError, sweepProviders, SweepRefusedError } from './services/wallet/index.js';

const USAGE = `Usage: warhorn <command>

Commands:
  start [--roles bot,api,worker]   start the platform (default: all three roles in this process);
                                   without BOT_TOKEN (and without --roles) it starts the sandbox instead
  sandbox [--reset]                start the sandbox: Telegram emulator, demo group, platform;
                                   --reset first forgets everything an earlier sandbox stored
  migrate                          create the database if needed and apply pending migrations
  history verify                   seal what can be sealed, then recompute the history's hash chain
                                   (of the existing database DATABASE_URL names)
  outbox redrive [--since 24h]     send again the messages that failed because Telegram or the network
                                   stayed down past OUTBOX_RETRY_FOR_MS (not those Telegram refused)
  wallet sweep [--to <address>] [--chain <id,...>] [--dry-run] [--xprv-file <path>] [--gas-key-file <path>]
                                   move what the groups' deposit addresses hold to the hot wallet (--to,
                                   default HOT_WALLET_ADDRESS), topping up gas for tokens from SWEEP_GAS_KEY;
                                   the extended private key comes from WALLET_XPRV, the file, or a prompt,
                                   never the command line (README of services/wallet, Sweeping)
  tokens rotate                    seal every stored bot token again under TOKEN_ENCRYPTION_KEY (the old key
                                   in TOKEN_ENCRYPTION_OLD_KEYS until this has run; README, White-label bots)
  help                             this text

Configuration comes from the environment; see .env.example.`;

function parseRoles(value: string | undefined): Role[] {
  if (!value) return [...ROLES];
  const roles = value.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length || roles.length === 0) {
    throw new UsageError(`--roles takes a comma-separated list of ${ROLES.join(', ')} (got "${value}")`);
  }
  return [...new Set(roles)] as Role[];
}

class UsageError extends Error {}

/** Stops cleanly on SIGINT/SIGTERM: finish in-flight work, close connections; and within `deadlineMs`
 * whatever happens, since a stop waiting on a stalled database would otherwise hang until the orchestrator
 * kills the process without a word. */
export function onShutdown(
  log: Logger,
  stop: () => Promise<void>,
  options: { deadlineMs: number; exit?: (code: number) => void; signals?: { once(signal: 'SIGINT' | 'SIGTERM', handler: (signal: string) => void): unknown } },
): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? process;
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error({ deadlineMs: options.deadlineMs }, 'shutdown did not finish in time; exiting anyway');
      exit(1);
    }, options.deadlineMs);
    deadline.unref();
    stop().then(
      () => {
        clearTimeout(deadline);
        exit(0);
      },
      (error) => {
        clearTimeout(deadline);
        log.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  signals.once('SIGINT', handler);
  signals.once('SIGTERM', handler);
}

async function migrate(config: Config, log: Logger): Promise<void> {
  await waitForPostgres(config.DATABASE_URL, config.STARTUP_WAIT_MS);
  let applied: string[] = [];
  const db = await openDatabase({ url: config.DATABASE_URL, migrations, migrate: true, onMigrated: (names) => (applied = names) });
  const [{ total }] = (await db.query(`SELECT count(*)::int AS total FROM warhorn_migrations`)) as [{ total: number }];
  log.info({ applied: applied.length, names: applied, total }, applied.length ? `applied ${applied.length} migration(s)` : 'database was up to date');
  await db.destroy();
}

async function verifyHistory(config: Config, log: Logger): Promise<number> {
  await waitForPostgres(config.DATABASE_URL, config.STARTUP_WAIT_MS);
  // Verifying is reading: a database that is not there is an error, not one to create and find "intact".
  if (!(await databaseExists(config.DATABASE_URL))) {
    console.error(`DATABASE_URL names database "${decodeURIComponent(new URL(config.DATABASE_URL).pathname.slice(1))}", which does not exist`);
    return 78;
  }
  // Pending migrations are applied as at start: verify reads the tables in their current shape.
  const db = await openDatabase({ url: config.DATABASE_URL, migrations, migrate: true });
  try {
    const history = createHistory({ clock: systemClock, db, log, metrics: createMetrics({ defaults: false }) });
    // Only chained events can be checked; an event is chained once every transaction older than its own has
    // ended, anywhere in the cluster. Wait (bounded) for what was recorded before this run.
    const { unsealed } = await history.sealThrough(config.HISTORY_VERIFY_WAIT_MS);
    // The heads published outside the database: without them, removing the newest events (or recomputing the
    // whole chain) goes unseen, since the chain is only checked against itself.
    const anchors = config.HISTORY_ANCHOR_FILE ? await readAnchors(config.HISTORY_ANCHOR_FILE) : [];
    if (!config.HISTORY_ANCHOR_FILE) console.error('note: HISTORY_ANCHOR_FILE is not set, so the chain is checked against itself only');
    const result = await history.verify({ anchors });
    if (result.ok && unsealed > 0) {
      console.error(`history intact as far as it is chained (${result.events} events), but ${unsealed} earlier events are not chained yet: a transaction open elsewhere in the cluster holds the sealer back; run verify again`);
      return 3;
    }
    if (result.ok) {
      console.log(`history intact: ${result.events} events, chain head ${result.head}${anchors.length ? `, ${anchors.length} published anchors match` : ''}`);
      return 0;
    }
    console.error(`history BROKEN at event ${result.firstBadEventId}: ${result.reason} (${result.checked} events checked before it)`);
    return 2;
  } finally {
    await db.destroy();
  }
}

async function sandbox(config: Config, log: Logger, reset: boolean): Promise<number> {
  await waitForDependencies(config);
  const { startSandbox } = await import('./sandbox.js');
  const running = await startSandbox(config, log, { interactive: process.stdin.isTTY, reset });
  onShutdown(log, running.stop, { deadlineMs: config.SHUTDOWN_TIMEOUT_MS });
  return -1;
}

/** "90m", "24h", "7d" back from now. */
function parseSince(text: string): Date {
  const m = /^(\d{1,5})(m|h|d)$/.exec(text.trim());
  if (!m) throw new UsageError(`--since takes a duration such as 90m, 24h or 7d (got "${text}")`);
  const ms = Number(m[1]) * (m[2] === 'm' ? 60_000 : m[2] === 'h' ? 3_600_000 : 86_400_000);
  return new Date(Date.now() - ms);
}

async function redriveOutbox(config: Config, log: Logger, since: Date): Promise<number> {
  await waitForPostgres(config.DATABASE_URL, config.STARTUP_WAIT_MS);
  const db = await openDatabase({ url: config.DATABASE_URL, migrations, migrate: true });
  try {
    // Only the rows change here; a running worker role sends them.
    const count = await redriveFailedInOutage(db, since, systemClock);
    log.info({ count, since }, 'outbox messages re-driven');
    console.log(`${count} message(s) that failed in an outage since ${since.toISOString()} are pending again; the worker role sends them`);
    return 0;
  } finally {
    await db.destroy();
  }
}

async function rotateTokens(config: Config, log: Logger): Promise<number> {
  const keys = configByConcern(config).bots.tokenKeys;
  if (!keys) throw new ConfigError(['TOKEN_ENCRYPTION_KEY is required to rotate bot tokens (the key to seal them under)']);
  await waitForPostgres(config.DATABASE_URL, config.STARTUP_WAIT_MS);
  const db = await openDatabase({ url: config.DATABASE_URL, migrations, migrate: true });
  try {
    const { resealed, unreadable } = await resealStoredTokens(db, createTokenCipher(keys.current, keys.older), log);
    console.log(`${resealed.length} bot token(s) sealed again under key "${keys.current.id}"`);
    if (unreadable.length) {
      // Which bots, never what: the rows stay as they were, readable with the key they name.
      console.error(`${unreadable.length} token(s) could not be opened with the keys given (bots ${unreadable.join(', ')}): add the key they were sealed with to TOKEN_ENCRYPTION_OLD_KEYS and run again`);
      return 1;
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

/** A sweep's key material: the variable or the file (not both), else a prompt on a terminal. */
async function sweepSecret(fromEnv: string | undefined, file: string | undefined, what: string, variable: string, option: string, prompt: string | null): Promise<string | null> {
  if (fromEnv && file) throw new UsageError(`give ${what} in ${variable} or ${option}, not both`);
  if (fromEnv) return fromEnv;
  if (file) return readSecretFile(file, what);
  if (prompt && process.stdin.isTTY) return promptHidden(prompt);
  return null;
}

async function walletSweep(config: Config, env: NodeJS.ProcessEnv, values: { to?: string; chain?: string; 'dry-run'?: boolean; 'xprv-file'?: string; 'gas-key-file'?: string }): Promise<number> {
  const own = loadSweepConfig(env);
  const destination = values.to ?? own.HOT_WALLET_ADDRESS;
  if (!destination) throw new UsageError('warhorn wallet sweep needs --to <address> (the hot wallet) unless HOT_WALLET_ADDRESS is set');
  const chainIds = values.chain?.split(',').map((c) => c.trim()).filter(Boolean).map((c) => {
    if (!/^\d{1,15}$/.test(c)) throw new UsageError('--chain takes chain ids, comma-separated (e.g. --chain 1,137)');
    return Number(c);
  }) ?? null;
  const xprv = await sweepSecret(own.WALLET_XPRV, values['xprv-file'], 'the extended private key', 'WALLET_XPRV', '--xprv-file', "Extended private key (xprv) at m/44'/60'/0'/0: ");
  if (!xprv) throw new UsageError('warhorn wallet sweep needs the extended private key: WALLET_XPRV, --xprv-file <path>, or a terminal to type it at (never on the command line: it would show in ps)');
  const gasKey = await sweepSecret(own.SWEEP_GAS_KEY, values['gas-key-file'], 'the gas payer\'s key', 'SWEEP_GAS_KEY', '--gas-key-file', null);
  if (gasKey && !/^0x[0-9a-fA-F]{64}$/.test(gasKey)) throw new ConfigError(['--gas-key-file must hold a 0x-prefixed 32-byte hex private key']);

  await waitForPostgres(config.DATABASE_URL, config.STARTUP_WAIT_MS);
  if (!(await databaseExists(config.DATABASE_URL))) {
    console.error(`DATABASE_URL names database "${decodeURIComponent(new URL(config.DATABASE_URL).pathname.slice(1))}", which does not exist`);
    return 78;
  }
  // Read only: no migrations (the server applies them), and the sweep's reads run in a READ ONLY transaction.
  const db = await openDatabase({ url: config.DATABASE_URL, migrations: [], migrate: false, poolSize: 2, applicationName: 'warhorn-sweep' });
  const providers = sweepProviders();
  try {
    await sweep({ db, chains: config.chains, providerFor: providers.providerFor, out: (line) => console.log(line) }, { xprv, destination, gasKey, chainIds, dryRun: values['dry-run'] ?? false, receiptTimeoutMs: 600_000 });
    return 0;
  } catch (error) {
    if (error instanceof SweepRefusedError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof SweepFailedError) {
      console.error(`Sweep stopped: ${error.message}\nWhat was sent above is done; run again to move the rest.`);
      return 1;
    }
    throw error;
  } finally {
    providers.close();
    await db.destroy();
  }
}

/** Runs one CLI command. Returns the exit code, or -1 for a long-running command that lives until a signal. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await command(argv, env);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UnreachableError) {
      console.error(error.message);
      return 78; // EX_CONFIG
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      return 64; // EX_USAGE
    }
    console.error('warhorn failed:', error instanceof Error ? error.message : error);
    return 1;
  }
}

async function command(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      roles: { type: 'string' },
      reset: { type: 'boolean' },
      since: { type: 'string' },
      to: { type: 'string' },
      chain: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'xprv-file': { type: 'string' },
      'gas-key-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'help', sub] = positionals;
  // Never repeated back: a key pasted as an argument is already exposed (ps, shell history), not to a log too.
  if (positionals.length > 2) throw new UsageError('too many arguments (and keys are never given on the command line: it shows in ps)');
  if (values.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig(env);
  const log = createLogger({ level: config.LOG_LEVEL, pretty: process.stdout.isTTY });
  // The server never holds the deposit key (README, Sweeping): an xprv in its environment is a mistake to stop
  // at, not one to run with, even though nothing but the sweep would read it.
  if ((command === 'start' || command === 'sandbox') && env.WALLET_XPRV) {
    throw new ConfigError(['WALLET_XPRV is set: the server never holds the extended private key. Remove it from this environment and give it to `warhorn wallet sweep` only, on the operator\'s machine']);
  }
  switch (command) {
    case 'start': {
      const roles = parseRoles(values.roles);
      if (!config.BOT_TOKEN) {
        // A chosen role mix is a deployment, and a deployment without a bot is a mistake to name, not a demo.
        if (values.roles) throw new ConfigError([`BOT_TOKEN is required to start --roles ${values.roles} (without it, \`warhorn sandbox\` runs the offline demo)`]);
        return sandbox(config, log, false);
      }
      await waitForDependencies(config);
      const platform = await startPlatform(config, roles, log);
      onShutdown(log, platform.stop, { deadlineMs: config.SHUTDOWN_TIMEOUT_MS });
      return -1;
    }
    case 'sandbox':
      return sandbox(config, log, values.reset ?? false);
    case 'migrate':
      await migrate(config, log);
      return 0;
    case 'history':
      if (sub !== 'verify') throw new UsageError('usage: warhorn history verify');
      return verifyHistory(config, log);
    case 'outbox':
      if (sub !== 'redrive') throw new UsageError('usage: warhorn outbox redrive [--since 24h]');
      return redriveOutbox(config, log, parseSince(values.since ?? '24h'));
    case 'tokens':
      if (sub !== 'rotate') throw new UsageError('usage: warhorn tokens rotate');
      return rotateTokens(config, log);
    case 'wallet':
      if (sub !== 'sweep') throw new UsageError('usage: warhorn wallet sweep [--to <address>] [--chain <id,...>] [--dry-run] [--xprv-file <path>] [--gas-key-file <path>]');
      return walletSweep(config, env, values);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}
