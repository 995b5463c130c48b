import { HDNodeWallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { systemClock } from '../platform/clock.js';
import { cid } from '../platform/telegram-ids.test-support.js';
import { WalletKeyMismatchError, type Wallet } from './index.js';
import { TEST_MNEMONIC, TEST_XPUB, walletOver } from './wallet.test-support.js';

let db: TestDatabase;
let wallet: Wallet;

beforeAll(async () => {
  db = await freshDatabase('wallet');
  wallet = await walletOver(db.dataSource, systemClock);
});
afterAll(async () => {
  await db?.drop();
});

let nextChat = -1_000_000;
const newGroup = () => cid(nextChat--);

describe('deposit addresses', () => {
  it('derives the address the private key has at m/44\'/60\'/0\'/0/i, and keeps it', async () => {
    const group = newGroup();
    const first = await wallet.addressOf(group);
    // The operator's side, from the mnemonic: the full path, private key included.
    const operator = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, `m/44'/60'/0'/0/${first.index}`);
    expect(first.address).toBe(operator.address);
    expect(first.path).toBe(`m/44'/60'/0'/0/${first.index}`);
    expect(await wallet.addressOf(group)).toEqual(first);
    expect(await wallet.owner(first.address.toLowerCase())).toBe(group);
    expect(await wallet.owner(first.address)).toBe(group);
    expect(await wallet.owner('0x000000000000000000000000000000000000dead')).toBeNull();
    expect(await wallet.owner('not an address')).toBeNull();

    const [event] = await db.dataSource.query(`SELECT action, data FROM history.events WHERE action = 'wallet.address_assigned' AND subject_id = $1`, [String(group)]);
    expect(event).toEqual({ action: 'wallet.address_assigned', data: { index: String(first.index), path: first.path, address: first.address.toLowerCase() } });
  });

  it('gives one address to a group asked for twice at once', async () => {
    const group = newGroup();
    const answers = await Promise.all(Array.from({ length: 8 }, () => wallet.addressOf(group)));
    expect(new Set(answers.map((a) => a.address)).size).toBe(1);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM history.events WHERE action = 'wallet.address_assigned' AND subject_id = $1`, [String(group)]);
    expect(n).toBe(1);
  });

  it('gives 50 groups asking at once 50 distinct addresses at consecutive indexes, each its private key\'s', async () => {
    const groups = Array.from({ length: 50 }, newGroup);
    const answers = await Promise.all(groups.map((g) => wallet.addressOf(g)));
    expect(new Set(answers.map((a) => a.address)).size).toBe(50);
    const indexes = answers.map((a) => a.index).sort((a, b) => a - b);
    // No gaps: each index follows the last, so a wallet scanning with BIP-44's gap limit finds them all.
    expect(indexes).toEqual(Array.from({ length: 50 }, (_, k) => indexes[0]! + k));
    const account = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, "m/44'/60'/0'/0");
    for (const a of answers) expect(a.address).toBe(account.deriveChild(a.index).address);

    const watched = await wallet.watched();
    for (const [k, g] of groups.entries()) expect(watched).toContainEqual({ address: answers[k]!.address.toLowerCase(), chatId: g });
    const all: Array<{ index: string }> = await db.dataSource.query(`SELECT index::text FROM wallet.deposit_addresses d ORDER BY d.index`);
    expect(all.map((r) => Number(r.index))).toEqual(all.map((_, k) => k));
    // In index order, as the scanner is told.
    expect(watched.map((w) => w.address)).toEqual((await Promise.all(all.map((r) => account.deriveChild(Number(r.index)).address.toLowerCase()))));
  });

  it('refuses another WALLET_XPUB than the one earlier addresses came from, at start', async () => {
    const other = HDNodeWallet.fromPhrase('legal winner thank year wave sausage worth useful legal winner thank yellow', undefined, "m/44'/60'/0'/0").neuter().extendedKey;
    expect(other).not.toBe(TEST_XPUB);
    await expect(walletOver(db.dataSource, systemClock, other)).rejects.toBeInstanceOf(WalletKeyMismatchError);
  });

  it('keeps crediting a group that became a supergroup, and shows it its address', async () => {
    const small = newGroup();
    const upgraded = newGroup();
    const before = await wallet.addressOf(small);
    expect(await wallet.follow(small, upgraded)).toBe(true);
    expect(await wallet.follow(small, upgraded)).toBe(false); // Telegram tells twice
    expect(await wallet.owner(before.address)).toBe(upgraded);
    expect(await wallet.addressOf(upgraded)).toMatchObject({ address: before.address, index: before.index, chatId: upgraded });
    expect(await wallet.watched()).toContainEqual({ address: before.address.toLowerCase(), chatId: upgraded });
    expect((await wallet.watched()).some((w) => w.chatId === small)).toBe(false);

    // A supergroup that asked before the move was seen keeps its own address; both credit it.
    const other = newGroup();
    const otherUpgraded = newGroup();
    const old = await wallet.addressOf(other);
    const own = await wallet.addressOf(otherUpgraded);
    await wallet.follow(other, otherUpgraded);
    expect((await wallet.addressOf(otherUpgraded)).address).toBe(own.address);
    expect(await wallet.owner(old.address)).toBe(otherUpgraded);
  });

  it('never changes or removes an address once given out', async () => {
    const { address } = await wallet.addressOf(newGroup());
    await expect(db.dataSource.query(`UPDATE wallet.deposit_addresses SET address = '0x000000000000000000000000000000000000dead' WHERE address = $1`, [address.toLowerCase()])).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`DELETE FROM wallet.deposit_addresses WHERE address = $1`, [address.toLowerCase()])).rejects.toThrow(/append-only/);
  });
});
