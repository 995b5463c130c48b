import { HDNodeWallet, Wallet, parseEther } from 'ethers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../cli.js';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { startLocalChain, type LocalChain, type TestTokenHandle } from '../../testkit/chain/index.js';
import type { ChainConfig } from '../platform/chains.js';
import { systemClock } from '../platform/clock.js';
import { cid } from '../platform/telegram-ids.test-support.js';
import { DEPOSIT_ACCOUNT_PATH, sweep, SweepFailedError, SweepRefusedError, type SweepOptions, type Wallet as DepositWallet } from './index.js';
import { testAccountKey, TEST_XPUB, walletOver } from './wallet.test-support.js';
import { maxPerGas } from './sweep-fees.js';

// The operator's sweep against a local chain and a database whose addresses the wallet gave out from
// TEST_XPUB: what arrives at the destination, what is left behind, and what is refused before anything moves.

const XPRV = testAccountKey().extendedKey;
const OTHER_XPRV = HDNodeWallet.fromPhrase('legal winner thank year wave sausage worth useful legal winner thank yellow', undefined, DEPOSIT_ACCOUNT_PATH).extendedKey;

let db: TestDatabase;
let wallet: DepositWallet;
let chain: LocalChain;
let usdt: TestTokenHandle;
let dai: TestTokenHandle;
let chains: ChainConfig[];
let gasPayer: Wallet;
const hot = Wallet.createRandom().address;

let nextChat = -2_000_000;
const newGroup = () => cid(nextChat--);

const groups = { tokenOnly: newGroup(), nativeOnly: newGroup(), both: newGroup(), empty: newGroup(), upgraded: newGroup() };
const addr: Record<keyof typeof groups, string> = { tokenOnly: '', nativeOnly: '', both: '', empty: '', upgraded: '' };
const DAI_AT_TOKEN_ONLY = parseEther('12.75');
const funded = { tokenOnly: { usdt: 1_500_000n, eth: 0n }, nativeOnly: { usdt: 0n, eth: parseEther('0.5') }, both: { usdt: 250_000n, eth: parseEther('0.2') } };

function deps(out: string[] = []) {
  return { db: db.dataSource, chains, providerFor: () => chain.provider, out: (line: string) => void out.push(line) };
}
const options = (over: Partial<SweepOptions> = {}): SweepOptions => ({ xprv: XPRV, destination: hot, gasKey: gasPayer.privateKey, chainIds: null, dryRun: false, receiptTimeoutMs: 30_000, ...over });

/** Every balance and nonce the sweep could change. */
async function chainState() {
  const of = async (a: string) => ({ usdt: await chain.tokenBalance(usdt, a), dai: await chain.tokenBalance(dai, a), eth: await chain.nativeBalance(a), nonce: await chain.provider.getTransactionCount(a) });
  type State = Awaited<ReturnType<typeof of>>;
  const groupsState = Object.fromEntries(await Promise.all(Object.entries(addr).map(async ([k, a]) => [k, await of(a)] as const))) as Record<keyof typeof groups, State>;
  return { hot: await of(hot), gasPayer: await of(gasPayer.address), ...groupsState };
}

beforeAll(async () => {
  db = await freshDatabase('sweep');
  wallet = await walletOver(db.dataSource, systemClock);
  chain = await startLocalChain({ chainId: 31337 });
  usdt = await chain.deployToken('USDT', 6);
  dai = await chain.deployToken('DAI', 18);
  chains = [{ id: 31337, name: 'Local', rpcUrl: chain.rpcUrl, confirmations: 0, native: { symbol: 'ETH', decimals: 18 }, tokens: [{ address: usdt.address, symbol: 'USDT', decimals: 6 }, { address: dai.address, symbol: 'DAI', decimals: 18 }] }];
  gasPayer = chain.accounts[1]!;
  for (const k of Object.keys(groups) as Array<keyof typeof groups>) addr[k] = (await wallet.addressOf(groups[k])).address;
  for (const k of ['tokenOnly', 'nativeOnly', 'both'] as const) {
    if (funded[k].usdt) await chain.mint(usdt, addr[k], funded[k].usdt);
    if (funded[k].eth) await chain.sendNative(0, addr[k], funded[k].eth);
  }
  await chain.mint(dai, addr.tokenOnly, DAI_AT_TOKEN_ONLY); // two tokens, one top-up for both
}, 60_000);
afterAll(async () => {
  await chain?.close();
  await db?.drop();
});

describe('warhorn wallet sweep', () => {
  it('refuses an extended private key of another mnemonic before sending anything', async () => {
    const before = await chainState();
    await expect(sweep(deps(), options({ xprv: OTHER_XPRV }))).rejects.toThrow(SweepRefusedError);
    await expect(sweep(deps(), options({ xprv: OTHER_XPRV }))).rejects.toThrow(/not the key the deposit addresses were derived from/);
    expect(await chainState()).toEqual(before);
  });

  it('refuses the xpub (it cannot sign), a key at another path and a mistyped key, never repeating them', async () => {
    const before = await chainState();
    const account = HDNodeWallet.fromPhrase('test test test test test test test test test test test junk', undefined, "m/44'/60'/0'").extendedKey;
    const typo = XPRV.slice(0, 40) + (XPRV[40] === 'a' ? 'b' : 'a') + XPRV.slice(41);
    for (const [key, why] of [[TEST_XPUB, /PUBLIC key/], [account, /not exported at m\/44'\/60'\/0'\/0/], [typo, /checksum/]] as const) {
      const error = await sweep(deps(), options({ xprv: key })).catch((e: Error) => e);
      expect(error).toBeInstanceOf(SweepRefusedError);
      expect((error as Error).message).toMatch(why);
      expect((error as Error).message).not.toContain(key.slice(4, 24));
    }
    expect(await chainState()).toEqual(before);
  });

  it('refuses when token balances need gas and no gas payer is given, after showing the plan', async () => {
    const before = await chainState();
    const out: string[] = [];
    await expect(sweep(deps(out), options({ gasKey: null }))).rejects.toThrow(/SWEEP_GAS_KEY/);
    expect(out.join('\n')).toContain('gas top-up');
    expect(await chainState()).toEqual(before);
  });

  it('plans in a dry run and sends nothing', async () => {
    const before = await chainState();
    const out: string[] = [];
    const result = await sweep(deps(out), options({ dryRun: true }));
    expect(result.moves).toEqual([]);
    const plan = result.plans[0]!.addresses;
    const of = (a: string) => plan.find((p) => p.address.address === a.toLowerCase())!;
    expect(of(addr.tokenOnly).topUp).toBeGreaterThan(0n);
    expect(of(addr.tokenOnly).tokens.map((t) => t.amount)).toEqual([funded.tokenOnly.usdt, DAI_AT_TOKEN_ONLY]);
    expect(of(addr.both).topUp).toBe(0n);
    expect(of(addr.nativeOnly).native).toBeGreaterThan(0n);
    expect(of(addr.empty).tokens).toEqual([]);
    expect(out.join('\n')).toContain('Dry run: nothing was sent.');
    expect(out.join('\n')).toContain('1.5'); // 1,500,000 units of a 6-decimal token
    expect(await chainState()).toEqual(before);
  });

  it('moves every token and coin to the destination, topping up gas where only a token sits', async () => {
    await wallet.follow(groups.both, groups.upgraded); // its address now credits the supergroup
    const before = await chainState();
    const out: string[] = [];
    const { moves, plans } = await sweep(deps(out), options());
    const after = await chainState();

    // Tokens: exactly what the addresses held, each swept to zero.
    expect(after.hot.usdt).toBe(funded.tokenOnly.usdt + funded.both.usdt);
    expect(after.hot.dai).toBe(DAI_AT_TOKEN_ONLY);
    for (const k of ['tokenOnly', 'both', 'nativeOnly', 'empty'] as const) expect([after[k].usdt, after[k].dai]).toEqual([0n, 0n]);
    // Coin: the destination got exactly the transfers' values, and each address's balance adds up to the
    // wei: what it had, plus its top-up, less what it sent and what its transactions paid in gas.
    const nativeMoves = moves.filter((m) => m.kind === 'native');
    expect(nativeMoves.map((m) => m.plan.address.address).sort()).toEqual([addr.nativeOnly, addr.both].map((a) => a.toLowerCase()).sort());
    expect(after.hot.eth).toBe(nativeMoves.reduce((s, m) => s + m.amount, 0n));
    for (const k of ['tokenOnly', 'nativeOnly', 'both'] as const) {
      const mine = moves.filter((m) => m.plan.address.address === addr[k].toLowerCase());
      const toppedUp = mine.filter((m) => m.kind === 'gas').reduce((s, m) => s + m.amount, 0n);
      const sent = mine.filter((m) => m.kind === 'native').reduce((s, m) => s + m.amount, 0n);
      const fees = mine.filter((m) => m.kind !== 'gas').reduce((s, m) => s + m.fee, 0n);
      expect(after[k].eth).toBe(before[k].eth + toppedUp - sent - fees);
    }
    // The token-only address was topped up (once) by the gas payer; the others needed none.
    const topUps = moves.filter((m) => m.kind === 'gas');
    expect(topUps.map((m) => m.plan.address.address)).toEqual([addr.tokenOnly.toLowerCase()]);
    expect(before.gasPayer.eth - after.gasPayer.eth).toBe(topUps[0]!.amount + topUps[0]!.fee);
    // What is left behind is dust: not worth a transfer (its gas more than a tenth of it) at the run's fee.
    const gas = 21_000n * maxPerGas(plans[0]!.fees);
    for (const k of ['tokenOnly', 'nativeOnly', 'both'] as const) expect(after[k].eth).toBeLessThan(11n * gas);
    // Nothing from the empty address.
    expect(after.empty.nonce).toBe(before.empty.nonce);

    const text = out.join('\n');
    expect(text).toContain(`Swept to ${hot}`);
    expect(text).toMatch(new RegExp(`${addr.both}\\s+${groups.upgraded}\\s+Local \\(31337\\)\\s+token\\s+USDT\\s+0\\.25\\s+0x[0-9a-f]{64}`));
    expect(text).toContain('Local (31337) USDT: 1.75 swept');
    expect(text).toContain('Local (31337) DAI: 12.75 swept');
  });

  it('moves nothing on a second run', async () => {
    const before = await chainState();
    const out: string[] = [];
    const { moves } = await sweep(deps(out), options());
    expect(moves).toEqual([]);
    expect(out.join('\n')).toContain('Nothing to sweep');
    expect(await chainState()).toEqual(before);
  });

  it('runs from the command line: prints the report, never the key, and refuses a key given as an argument', async () => {
    const late = newGroup();
    const lateAddress = (await wallet.addressOf(late)).address;
    await chain.mint(usdt, lateAddress, 2_500_000n);
    const env = { DATABASE_URL: db.url, CHAINS: JSON.stringify(chains), WALLET_XPRV: XPRV, SWEEP_GAS_KEY: gasPayer.privateKey, LOG_LEVEL: 'silent', STARTUP_WAIT_MS: '2000' };
    const printed: string[] = [];
    const capture = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    const log = vi.spyOn(console, 'log').mockImplementation(capture);
    const err = vi.spyOn(console, 'error').mockImplementation(capture);
    try {
      const hotBefore = await chain.tokenBalance(usdt, hot);
      expect(await runCli(['wallet', 'sweep', '--to', hot], env)).toBe(0);
      expect(await chain.tokenBalance(usdt, hot)).toBe(hotBefore + 2_500_000n);
      expect(await chain.tokenBalance(usdt, lateAddress)).toBe(0n);
      const text = printed.join('\n');
      expect(text).toMatch(new RegExp(`${lateAddress}\\s+${late}\\s+Local \\(31337\\)\\s+gas top-up\\s+ETH\\s+[0-9.]+\\s+0x[0-9a-f]{64}`));
      expect(text).toMatch(new RegExp(`${lateAddress}\\s+${late}\\s+Local \\(31337\\)\\s+token\\s+USDT\\s+2\\.5\\s+0x[0-9a-f]{64}`));

      // Again: nothing left; HOT_WALLET_ADDRESS stands in for --to.
      printed.length = 0;
      expect(await runCli(['wallet', 'sweep'], { ...env, HOT_WALLET_ADDRESS: hot })).toBe(0);
      expect(printed.join('\n')).toContain('Nothing to sweep');
      expect(printed.join('\n')).not.toContain('mined:');

      // A wrong key: refused with its own exit code; a key on the command line: usage, not repeated.
      expect(await runCli(['wallet', 'sweep', '--to', hot], { ...env, WALLET_XPRV: OTHER_XPRV })).toBe(2);
      expect(await runCli(['wallet', 'sweep', XPRV, '--to', hot], { ...env, WALLET_XPRV: '' })).toBe(64);
      expect(await runCli(['wallet', 'sweep', `--xprv=${XPRV}`, '--to', hot], { ...env, WALLET_XPRV: '' })).toBe(64);
      expect(await runCli(['wallet', 'sweep', '--to', hot], { ...env, WALLET_XPRV: TEST_XPUB })).toBe(2);
      expect(await runCli(['wallet', 'sweep'], env)).toBe(64); // no destination
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
    const all = printed.join('\n');
    for (const secret of [XPRV, OTHER_XPRV, gasPayer.privateKey, gasPayer.privateKey.slice(2)]) expect(all).not.toContain(secret);
    expect(all).not.toContain(XPRV.slice(4, 30));
  });

  it('refuses a gas payer too poor for the top-ups, a deposit address as destination, and an RPC of another chain, sending nothing', async () => {
    const { address } = await wallet.addressOf(newGroup());
    await chain.mint(usdt, address, 7_000_000n);
    const before = await chainState();
    const poor = Wallet.createRandom();
    await expect(sweep(deps(), options({ gasKey: poor.privateKey }))).rejects.toThrow(new RegExp(`the gas payer ${poor.address} holds 0 ETH; the top-ups need`));
    await expect(sweep(deps(), options({ destination: addr.nativeOnly }))).rejects.toThrow(/is a deposit address/);
    await expect(sweep(deps(), options({ destination: addr.nativeOnly.toLowerCase().replace('0x', '0X') }))).rejects.toThrow(/not an address/);
    const elsewhere = [{ ...chains[0]!, id: 1, name: 'Ethereum' }];
    await expect(sweep({ ...deps(), chains: elsewhere }, options())).rejects.toThrow(/Ethereum \(chain 1\): its rpcUrl answers chain id 31337/);
    await expect(sweep(deps(), options({ chainIds: [5] }))).rejects.toThrow(/Chain 5 is not configured/);
    expect(await chainState()).toEqual(before);
    expect(await chain.tokenBalance(usdt, address)).toBe(7_000_000n);
    // With a gas payer that can pay, it goes (and the next cases start from swept addresses).
    await sweep(deps(), options());
    expect(await chain.tokenBalance(usdt, address)).toBe(0n);
  });

  it('stops with the chain and the step named, not the RPC URL, when the chain fails', async () => {
    chain.faults.add({ status: 503, times: 100 });
    try {
      const error = await sweep(deps(), options()).catch((e: Error) => e);
      expect(error).toBeInstanceOf(SweepFailedError);
      expect((error as Error).message).toMatch(/^Local \(chain 31337\): reading the chain id failed/);
      expect((error as Error).message).not.toContain(chain.rpcUrl.replace('http://', ''));
    } finally {
      chain.faults.clear();
    }
  });

  it('stopped part way, prints what it did, and a run again finishes without topping up twice', async () => {
    const { address } = await wallet.addressOf(newGroup());
    await chain.mint(usdt, address, 4_000_000n);
    const payerBefore = await chain.nativeBalance(gasPayer.address);
    // The top-up is sent but not mined in time (the node stopped mining): the run stops there.
    await chain.provider.send('miner_stop', []);
    const out: string[] = [];
    try {
      await expect(sweep(deps(out), options({ receiptTimeoutMs: 500 }))).rejects.toThrow(/the gas top-up of 0x[0-9a-f]{40} \(0x[0-9a-f]{64}\) not mined within 500 ms/);
    } finally {
      await chain.provider.send('miner_start', []);
    }
    expect(out.join('\n')).toContain('Nothing was moved');
    await chain.mine();
    const topUp = await chain.nativeBalance(address);
    expect(topUp).toBeGreaterThan(0n);
    expect(await chain.tokenBalance(usdt, address)).toBe(4_000_000n);

    const { moves } = await sweep(deps(), options());
    expect(moves.map((m) => m.kind)).toEqual(['token']);
    expect(await chain.tokenBalance(usdt, address)).toBe(0n);
    // One top-up in all: the gas payer paid it and its fee once.
    const payerSpent = payerBefore - (await chain.nativeBalance(gasPayer.address));
    expect(payerSpent).toBeGreaterThan(topUp);
    expect(payerSpent).toBeLessThan(2n * topUp);
  });

  it('refuses to start the server with WALLET_XPRV in its environment', async () => {
    const printed: string[] = [];
    const err = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
    try {
      expect(await runCli(['start'], { WALLET_XPRV: XPRV, LOG_LEVEL: 'silent' })).toBe(78);
    } finally {
      err.mockRestore();
    }
    expect(printed.join('\n')).toContain('WALLET_XPRV is set: the server never holds the extended private key');
    expect(printed.join('\n')).not.toContain(XPRV.slice(4, 30));
  });
});
