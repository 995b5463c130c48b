// Withdrawing from the Mini App: POST /me/withdrawals moves the amount out of the caller's rewards at once
// (idempotent per Idempotency-Key), GET lists it with its progress; the worker pays it on a local chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import type { LocalChain, TestTokenHandle } from '../../../testkit/chain/index.js';
import { uid } from '../../../services/platform/telegram-ids.test-support.js';
import { linkWallet, payingChain, reward } from '../../../services/withdrawals/withdrawals.test-support.js';
import { apiClient, json, type ApiClient } from './api.test-support.js';

describe('/me/withdrawals', () => {
  let t: TestPlatform;
  let off: TestPlatform;
  let chain: LocalChain;
  let usdt: TestTokenHandle;
  let api: ApiClient;
  beforeAll(async () => {
    let env;
    ({ chain, usdt, env } = await payingChain({ chainId: 44_001, confirmations: 0 }));
    const { HOT_WALLET_KEY: _noHotWallet, ...withoutHotWallet } = env;
    // The worker's own job would pay too; a long interval leaves the passes to the test.
    [t, off] = await Promise.all([
      startTestPlatform({ env: { ...env, WITHDRAWAL_INTERVAL_MS: '3600000', DEPOSIT_SCAN_INTERVAL_MS: '3600000' } }),
      startTestPlatform({ env: withoutHotWallet }),
    ]);
    api = apiClient(t);
  });
  afterAll(async () => {
    await t?.stop();
    await off?.stop();
    await chain?.close();
  });

  it('withdraws to a linked wallet once per Idempotency-Key, lists it, and shows it confirmed once paid', async () => {
    const ana = t.emulator.createUser({ firstName: 'Ana' }).id;
    const wallet = new Wallet(Wallet.createRandom().privateKey);
    await linkWallet(t.platform.users, uid(ana), wallet);
    const asset = { chainId: chain.chainId, token: usdt.address.toLowerCase() };
    await reward(t.platform.ledger, 'test:api:ana', uid(ana), asset, 5_000_000n);
    const body = { chainId: chain.chainId, token: asset.token, amount: '3000000', to: wallet.address };
    const headers = { authorization: `tma ${t.emulator.webAppInitData(t.bot.id, ana)}`, 'x-warhorn-bot': String(t.bot.id), 'content-type': 'application/json', 'idempotency-key': 'k-1' };
    const made = await api.raw('POST', '/me/withdrawals', { headers, body });
    expect(made.status).toBe(201);
    const { withdrawal } = await json(made);
    expect(withdrawal).toEqual({
      id: expect.stringMatching(/^\d+$/), chainId: chain.chainId, token: asset.token, symbol: 'USDT', decimals: 6, amount: '3000000', to: wallet.address,
      status: 'requested', txHash: null, explorerUrl: null, confirmations: 0, requiredConfirmations: 1, createdAt: expect.any(String), doneAt: null,
    });
    const again = await api.raw('POST', '/me/withdrawals', { headers, body });
    expect(again.status).toBe(201);
    expect((await json(again)).withdrawal.id).toBe(withdrawal.id);
    expect(await t.platform.ledger.balance({ kind: 'member_rewards', owner: String(ana) }, asset)).toBe(2_000_000n);

    const pass = await t.platform.withdrawals!.payChain(t.platform.settings.chains[0]!);
    expect(pass).toMatchObject({ signed: 1, confirmed: 1, open: 0 });
    expect(await chain.tokenBalance(usdt, wallet.address)).toBe(3_000_000n);
    const listed = await json(await api.as(ana, 'GET', '/me/withdrawals'));
    const txHash = (listed.items as Array<{ txHash: string }>)[0]?.txHash;
    expect(listed).toEqual({
      items: [{ ...withdrawal, status: 'confirmed', txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/), explorerUrl: `https://explorer.example/tx/${txHash}`, confirmations: 1, doneAt: expect.any(String) }],
      nextCursor: null,
    });
  });

  it("refuses what it cannot do: 409 with the reason, 400 naming the field, 503 where withdrawals are off", async () => {
    const bo = t.emulator.createUser({ firstName: 'Bo' }).id;
    const wallet = new Wallet(Wallet.createRandom().privateKey);
    await linkWallet(t.platform.users, uid(bo), wallet);
    const asset = { chainId: chain.chainId, token: usdt.address.toLowerCase() };
    await reward(t.platform.ledger, 'test:api:bo', uid(bo), asset, 2_000_000n);
    const body = { chainId: chain.chainId, token: asset.token, amount: '1500000', to: wallet.address };
    const error = async (res: Response) => ({ status: res.status, ...(await json(res)).error });
    expect(await error(await api.as(bo, 'POST', '/me/withdrawals', { ...body, amount: '3000000' }))).toMatchObject({ status: 409, code: 'insufficient_balance', message: expect.stringContaining('2000000') });
    expect(await error(await api.as(bo, 'POST', '/me/withdrawals', { ...body, amount: '999999' }))).toMatchObject({ status: 409, code: 'below_minimum' });
    expect(await error(await api.as(bo, 'POST', '/me/withdrawals', { ...body, to: Wallet.createRandom().address }))).toMatchObject({ status: 409, code: 'wallet_not_linked' });
    expect(await error(await api.as(bo, 'POST', '/me/withdrawals', { ...body, amount: '1.5' }))).toMatchObject({ status: 400, field: 'body.amount' });
    expect(await error(await api.as(bo, 'POST', '/me/withdrawals', { ...body, token: 'USDT' }))).toMatchObject({ status: 400, field: 'body.token' });
    expect(await error(await api.as(bo, 'POST', '/me/withdrawals', { ...body, token: `0x${'1'.repeat(40)}` }))).toMatchObject({ status: 400, field: 'body.token' });
    expect(await t.platform.ledger.balance({ kind: 'member_rewards', owner: String(bo) }, asset)).toBe(2_000_000n);
    expect((await json(await api.as(bo, 'GET', '/me/withdrawals'))).items).toEqual([]);

    const offApi = apiClient(off);
    const cy = off.emulator.createUser({ firstName: 'Cy' }).id;
    expect(await error(await offApi.as(cy, 'POST', '/me/withdrawals', body))).toMatchObject({ status: 503, code: 'withdrawals_off' });
    expect((await offApi.as(cy, 'GET', '/me/withdrawals')).status).toBe(503);
  });
});
