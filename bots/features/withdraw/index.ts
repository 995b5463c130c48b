import { randomBytes } from 'node:crypto';
import { Composer, InlineKeyboard } from 'grammy';
import type { Redis } from 'ioredis';
import type { WarhornContext } from '../../context.js';
import { userIdOf } from '../../ids.js';
import { keyspace } from '../../../services/platform/redis.js';
import type { Users } from '../../../services/users/index.js';
import type { RewardBalance, Withdrawals } from '../../../services/withdrawals/index.js';
import { withdrawButton } from './callback-data.js';
import {
  BAD_AMOUNT, balancesText, CANCEL, CANCELLED, CONFIRM, confirmText, EXPIRED, NO_WALLET, pickWallet, refusalText, requestedText,
  tooManyDecimals, unknownSymbol, WITHDRAW_IN_PRIVATE, WITHDRAW_USAGE, WITHDRAWALS_OFF,
} from './texts.js';

export interface WithdrawFeatureDeps {
  /** Null: withdrawals are off (no hot wallet, or money off). */
  withdrawals: Pick<Withdrawals, 'request' | 'balances'> | null;
  users: Pick<Users, 'walletsOf'>;
  /** The confirmations wait here (10 minutes): the request does not fit a button's 64 bytes. */
  redis: Redis;
  prefix: string;
}

const TICKET_TTL_S = 600;

interface Ticket {
  member: number;
  chainId: number;
  token: string;
  symbol: string;
  decimals: number;
  amount: string;
  to: string;
}

/** Decimal text in whole tokens to smallest units, exactly; null when it is no amount, 'decimals' when it
 * has more decimals than the token. */
function unitsOf(text: string, decimals: number): bigint | null | 'decimals' {
  const m = /^(\d{1,30})(?:[.,](\d+))?$/.exec(text);
  if (!m) return null;
  const fraction = m[2] ?? '';
  if (fraction.length > decimals) return 'decimals';
  return BigInt(m[1]!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** /withdraw in a private chat: with no arguments the member's balances and how to withdraw; with
 * `<amount|all> <SYMBOL> [address]` a confirmation with buttons, and on ✅ the request (services/withdrawals):
 * the amount leaves the balance at once and the worker pays it. The ticket is taken with GETDEL, and the
 * request carries it as its idempotency key, so a double tap withdraws once. */
export function withdrawFeature({ withdrawals, users, redis, prefix }: WithdrawFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const dm = feature.chatType('private');
  const ticketKey = (ticket: string) => keyspace(prefix)('withdraw', 'ticket', ticket);

  dm.command('withdraw', async (ctx) => {
    if (!withdrawals) return ctx.send({ text: WITHDRAWALS_OFF });
    const member = userIdOf(ctx.from);
    const args = ctx.match.trim().split(/\s+/).filter(Boolean);
    const [balances, wallets] = await Promise.all([withdrawals.balances(member), users.walletsOf(member)]);
    if (args.length === 0) return ctx.send({ text: balancesText(balances, wallets) });
    if (args.length < 2 || args.length > 3) return ctx.send({ text: WITHDRAW_USAGE });
    const [amountText, symbol, address] = args as [string, string, string | undefined];
    // The first chain listing the symbol where the member holds some, else the first listing it.
    const listing = balances.filter((b) => b.symbol.toUpperCase() === symbol.toUpperCase());
    const asset: RewardBalance | undefined = listing.find((b) => b.amount > 0n) ?? listing[0];
    if (!asset) return ctx.send({ text: unknownSymbol(symbol, [...new Set(balances.map((b) => b.symbol))]) });
    let amount: bigint | 'all';
    if (amountText.toLowerCase() === 'all') amount = 'all';
    else {
      const units = unitsOf(amountText, asset.decimals);
      if (units === 'decimals') return ctx.send({ text: tooManyDecimals(asset.symbol, asset.decimals) });
      if (units === null || units === 0n) return ctx.send({ text: BAD_AMOUNT });
      amount = units;
    }
    let to: string;
    if (address) {
      const linked = wallets.find((w) => w.address.toLowerCase() === address.toLowerCase());
      if (!linked) return ctx.send({ text: refusalText({ reason: /^0x[0-9a-fA-F]{40}$/.test(address) ? 'wallet_not_linked' : 'bad_address' }, asset.symbol, asset.decimals) });
      to = linked.address;
    } else if (wallets.length === 1) to = wallets[0]!.address;
    else return ctx.send({ text: wallets.length ? pickWallet(wallets) : NO_WALLET });
    const ticket = randomBytes(9).toString('base64url');
    const waiting: Ticket = { member, chainId: asset.chainId, token: asset.token, symbol: asset.symbol, decimals: asset.decimals, amount: String(amount), to };
    await redis.set(ticketKey(ticket), JSON.stringify(waiting), 'EX', TICKET_TTL_S);
    const buttons = new InlineKeyboard().text(CONFIRM, withdrawButton.build({ go: true, ticket })).text(CANCEL, withdrawButton.build({ go: false, ticket }));
    await ctx.send({ text: confirmText(amount, asset.symbol, asset.decimals, asset.chainName, to), buttons });
  });

  feature.callbackQuery(withdrawButton.pattern, async (ctx) => {
    const { go, ticket } = withdrawButton.parse(ctx.match);
    const raw = await redis.getdel(ticketKey(ticket));
    const waiting = raw ? (JSON.parse(raw) as Ticket) : null;
    if (!waiting || waiting.member !== ctx.from.id || !withdrawals) return ctx.answerCallbackQuery({ text: withdrawals ? EXPIRED : WITHDRAWALS_OFF, show_alert: true });
    if (!go) {
      await ctx.send({ text: CANCELLED });
      return ctx.answerCallbackQuery();
    }
    const result = await withdrawals.request(userIdOf(ctx.from), {
      chainId: waiting.chainId,
      token: waiting.token,
      amount: waiting.amount === 'all' ? 'all' : BigInt(waiting.amount),
      to: waiting.to,
      botId: ctx.me.id,
      idempotencyKey: `bot:${ticket}`,
    });
    await ctx.send({ text: result.ok ? requestedText(result.withdrawal) : refusalText(result, waiting.symbol, waiting.decimals) });
    return ctx.answerCallbackQuery();
  });

  feature.chatType(['group', 'supergroup']).command('withdraw', (ctx) => ctx.send({ text: WITHDRAW_IN_PRIVATE, replyTo: ctx.msg.message_id }));
  return feature;
}
