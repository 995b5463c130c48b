// Money arriving, end to end: a group's deposit address (from WALLET_XPUB) receives a test ERC-20 on the local
// chain; the worker role's scanner sees it, credits it once after the chain's confirmations, and the group is
// told. The platform runs whole (api, bot, worker) against the Telegram emulator and the local chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { startLocalChain, type LocalChain, type TestTokenHandle } from '../../testkit/chain/index.js';
import { TEST_XPUB } from '../../services/wallet/wallet.test-support.js';
import { cid } from '../../services/platform/telegram-ids.test-support.js';

describe('a deposit to a group', () => {
  let chain: LocalChain;
  let token: TestTokenHandle;
  let t: TestPlatform;
  beforeAll(async () => {
    chain = await startLocalChain({ chainId: 31337 });
    token = await chain.deployToken('TUSD', 6);
    const CHAINS = JSON.stringify([
      { id: 31337, name: 'Local', rpcUrl: chain.rpcUrl, confirmations: 2, native: { symbol: 'ETH', decimals: 18 }, tokens: [{ address: token.address, symbol: 'TUSD', decimals: 6 }] },
    ]);
    t = await startTestPlatform({ env: { WALLET_XPUB: TEST_XPUB, CHAINS, DEPOSIT_SCAN_INTERVAL_MS: '500' } });
  });
  afterAll(async () => {
    await t?.stop();
    await chain?.close();
  });

  it('is credited to its balance once, after the confirmations, and the group is told', async () => {
    const owner = t.emulator.createUser({ firstName: 'Olivia' }).id;
    const group = t.emulator.createGroup({ title: 'Funded Club', type: 'supergroup', ownerId: owner }).id;
    t.emulator.addBotToGroup(group, t.bot.id, owner, { admin: true });
    await eventually(async () => (await t.platform.groups.get(cid(group)))?.active, 'the group to register');
    const { address } = await t.platform.wallet!.addressOf(cid(group));

    const funder = chain.accounts[0]!;
    await chain.mint(token, funder.address, 1_000_000_000n);
    await chain.transfer(funder, token, address, 250_500_000n);
    const asset = { chainId: 31337, token: token.address.toLowerCase() };
    const balance = () => t.platform.ledger.balance({ kind: 'group_balance', owner: String(group) }, asset);
    // Seen but not confirmed: nothing in the balance yet.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await balance()).toBe(0n);
    await chain.mine(3);
    await eventually(async () => (await balance()) === 250_500_000n, 'the deposit to be credited', 30_000);
    const notice = await t.emulator.waitForMessage(group, (m) => /Deposit received: 250\.5 TUSD/.test(m.text ?? ''), 15_000);
    expect(notice.text).toMatch(/Local/);
    // More blocks, more passes: still credited once.
    await chain.mine(3);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await balance()).toBe(250_500_000n);
    expect(t.emulator.messages(group).filter((m) => /Deposit received/.test(m.text ?? ''))).toHaveLength(1);
  });
});
