import { describe, expect, it } from 'vitest';
import { zeroPadValue, toBeHex } from 'ethers';
import { chatId } from '../platform/telegram-ids.js';
import { match, TRANSFER_TOPIC } from './scan.js';
import type { RawBlock, RawLog } from '../platform/evm-rpc.js';

const WATCHED = '0x00000000000000000000000000000000000000aa';
const OTHER = '0x00000000000000000000000000000000000000bb';
const TOKEN = '0xDAC17F958D2ee523a2206206994597C13D831ec7';
const group = chatId(-100123);
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const topic = (a: string) => zeroPadValue(a, 32);

const log = (to: string, amount: bigint, extra: Partial<RawLog> = {}): RawLog => ({
  address: TOKEN, topics: [TRANSFER_TOPIC, topic(OTHER), topic(to)], data: zeroPadValue(toBeHex(amount), 32),
  blockNumber: '0x5', blockHash: hash(5), transactionHash: hash(77), logIndex: '0x2', ...extra,
});

describe('matching a range against the watched addresses', () => {
  const watched = new Map([[WATCHED, group]]);

  it('takes ERC-20 Transfers and native transfers to watched addresses, in lower case, amounts exact', () => {
    const blocks: RawBlock[] = [{
      number: '0x5', hash: hash(5), parentHash: hash(4),
      transactions: [
        { hash: hash(90), from: OTHER, to: WATCHED.toUpperCase().replace('0X', '0x'), value: '0xde0b6b3a7640000' },
        { hash: hash(91), from: OTHER, to: OTHER, value: '0x1' },
        { hash: hash(92), from: OTHER, to: null, value: '0x0' },
      ],
    }];
    const found = match(blocks, [log(WATCHED, 2n ** 200n), log(OTHER, 5n, { logIndex: '0x3' })], watched);
    expect(found).toEqual([
      { txHash: hash(77), logIndex: 2, blockNumber: 5, blockHash: hash(5), token: TOKEN.toLowerCase(), from: OTHER, to: WATCHED, chatId: group, amount: 2n ** 200n },
      { txHash: hash(90), logIndex: -1, blockNumber: 5, blockHash: hash(5), token: 'native', from: OTHER, to: WATCHED, chatId: group, amount: 10n ** 18n },
    ]);
  });

  it('skips removed logs, zero amounts, ERC-721 Transfers (four topics) and zero-value native transactions', () => {
    const nft = log(WATCHED, 1n, { topics: [TRANSFER_TOPIC, topic(OTHER), topic(WATCHED), zeroPadValue('0x01', 32)] });
    const blocks: RawBlock[] = [{ number: '0x5', hash: hash(5), parentHash: hash(4), transactions: [{ hash: hash(93), from: OTHER, to: WATCHED, value: '0x0' }] }];
    expect(match(blocks, [log(WATCHED, 3n, { removed: true }), log(WATCHED, 0n), nft], watched)).toEqual([]);
  });
});
