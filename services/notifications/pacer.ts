import type { Redis } from 'ioredis';
import { PENALIZE_LUA, RESERVE_LUA } from './pacer-lua.js';
import { createDepartureGate, type DepartureGate } from './departures.js';
import { luaScript } from '../platform/lua-script.js';
import type { PaceLimits, PaceRule } from './types.js';
import type { ChatId } from '../platform/telegram-ids.js';

/** Telegram's published limits (core.telegram.org/bots/faq). The windows are a little longer than
 * Telegram's because we count when a call leaves and Telegram counts when it arrives: the network's jitter
 * must not turn 30 departures in a second into 31 arrivals. The bot's 30 ms is that margin only: workers that
 * wake late are taken care of by the departure check (departures.ts), so the margin need not cover them. */
export const DEFAULT_PACE_LIMITS: PaceLimits = {
  bot: { limit: 30, windowMs: 1030, burst: 1 },
  chat: { limit: 1, windowMs: 1000, burst: 1 },
  // A few messages at once keep a busy group responsive (an answer, a card, a summary); the interval after
  // the burst stretches so that no 62 s window ever holds more than 20.
  group: { limit: 20, windowMs: 62_000, burst: 3 },
};

interface Gcra {
  /** Emission interval: ms between grants once the burst is spent. */
  t: number;
  /** Tolerance: how far ahead of its TAT a grant may come (burst - 1 intervals). */
  tau: number;
}

/** With interval T and burst B, grants i < j satisfy t_j >= t_i + (j - i - B + 1) * T, so a window W holds
 * fewer than W / T + B grants. T = W / (limit - B + 1) therefore keeps every window at `limit` or below. */
export function gcraOf(rule: PaceRule): Gcra {
  const burst = Math.max(1, Math.min(rule.burst, rule.limit));
  const t = rule.windowMs / (rule.limit - burst + 1);
  return { t, tau: (burst - 1) * t };
}

/** Not reserved: the chat's or group's turn comes at `retryAt`, or (`yielded`) a low message was turned
 * away because the bot is booked further ahead than it may reserve, and has a place in line at `retryAt`. */
export type Reservation = { reserved: true; at: number } | { reserved: false; retryAt: number; yielded?: true };

export interface PaceTarget {
  id: string;
  botId: number;
  chatId: ChatId;
}

export interface Pacer {
  /** Reserves the next slot allowed by the bot, chat and group limits (idempotent per outbox id). With
   * `lowAheadMs` (a low-priority message), only a slot at most that far ahead of now. */
  reserve(target: PaceTarget, nowMs: number, lowAheadMs?: number): Promise<Reservation>;
  /** Forgets the outbox id's reservation, so its next attempt takes a fresh slot. */
  release(id: string): Promise<void>;
  /** After a 429: no slot for this chat (and group) before `untilMs`. */
  penalize(target: Omit<PaceTarget, 'id'>, nowMs: number, untilMs: number): Promise<void>;
  /** The bot-wide count as calls leave and return (departures.ts). */
  departures: DepartureGate;
}

/** A chat id below zero is a group, supergroup or channel (private chats have the user's positive id). */
export const isGroupChat = (chatId: ChatId) => chatId < 0;

const reserveScript = luaScript(RESERVE_LUA);
const penalizeScript = luaScript(PENALIZE_LUA);
// The schedule runs half a percent slower than the departure check allows, so a worker waking a little
// late does not make the next one wait at the check (which would make it late in turn).
const SCHEDULE_SLACK = 1.01;

export function createPacer(redis: Redis, prefix: string, limits: PaceLimits): Pacer {
  const bot = gcraOf({ ...limits.bot, windowMs: limits.bot.windowMs * SCHEDULE_SLACK });
  const chat = gcraOf(limits.chat);
  const group = gcraOf(limits.group);
  const key = (...parts: Array<string | number>) => [prefix, 'notifications', 'pace', ...parts].join(':');
  const keysOf = (t: Omit<PaceTarget, 'id'>) => ({
    bot: key('bot', t.botId),
    chat: key('chat', t.botId, t.chatId),
    group: key('group', t.botId, t.chatId),
  });
  // Long enough for a job delayed until its slot to wake and find it; after that, it takes a new one.
  const holdMs = 60_000;

  return {
    async reserve(target, nowMs, lowAheadMs) {
      const k = keysOf(target);
      const [ok, at] = (await reserveScript(
        redis,
        [k.bot, k.chat, k.group, key('reserved', target.id), key('line', target.botId)],
        [
        nowMs,
        bot.t,
        bot.tau,
        chat.t,
        chat.tau,
        group.t,
        group.tau,
        isGroupChat(target.chatId) ? '1' : '0',
        holdMs,
        lowAheadMs ?? -1,
        ],
      )) as [number, string];
      const ms = Math.ceil(Number(at));
      if (ok === 1) return { reserved: true, at: ms };
      return ok === 2 ? { reserved: false, retryAt: ms, yielded: true } : { reserved: false, retryAt: ms };
    },
    async release(id) {
      await redis.del(key('reserved', id));
    },
    async penalize(target, nowMs, untilMs) {
      const k = keysOf(target);
      const keys = isGroupChat(target.chatId) ? [k.chat, k.group] : [k.chat];
      const taus = isGroupChat(target.chatId) ? [chat.tau, group.tau] : [chat.tau];
      await penalizeScript(redis, keys, [nowMs, untilMs, ...taus]);
    },
    departures: createDepartureGate(redis, prefix, limits.bot),
  };
}
