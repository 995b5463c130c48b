import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sleep } from '../platform/clock.js';
import { luaScript } from '../platform/lua-script.js';
import { DEPART_LUA } from './pacer-lua.js';
import type { PaceRule } from './types.js';

const departScript = luaScript(DEPART_LUA);

/** A call that took this much longer than the bot's usual is counted again when it returns (see `arrived`). */
const LATE_MS = 15;

export interface Ticket {
  /** performance.now() when the check that let the call leave was asked. */
  askedAt: number;
  /** The call had to wait at the check. */
  waited: boolean;
}

/** The bot-wide limit checked as each call leaves, on top of the schedule of pacing slots (see DEPART_LUA).
 * Two sides: `leave` right before the call, `arrived` right after it. */
export function createDepartureGate(redis: Redis, prefix: string, rule: PaceRule) {
  const key = (botId: number) => `${prefix}:notifications:pace:departures:${botId}`;
  const waitingKey = (botId: number) => `${prefix}:notifications:pace:departures-waiting:${botId}`;
  // How long a call usually takes, per bot, from the check to its answer (an moving average).
  const usual = new Map<number, number>();
  // Calls told to wait come back spread over one interval rather than all at the same ms, when only one of
  // them can go: a herd at the check would cost a round trip per waiting call per departure.
  const interval = rule.windowMs / rule.limit;
  const run = (botId: number, force: boolean, low = false, callId = '') =>
    departScript(redis, [key(botId), waitingKey(botId)], [rule.limit, rule.windowMs, force ? '1' : '0', low ? '1' : '0', callId]);

  return {
    /** Resolves when the call may leave; it is then counted. A `low` call lets any other waiting call of
     * the bot go first. */
    async leave(botId: number, low = false): Promise<Ticket> {
      const callId = randomUUID();
      for (let waited = false; ; waited = true) {
        const askedAt = performance.now();
        const wait = Number(await run(botId, false, low, callId));
        if (wait <= 0) return { askedAt, waited };
        await sleep(Math.ceil(wait + Math.random() * interval));
      }
    },

    /** The departure was counted when the check ran, but the request reached Telegram some time before the
     * answer came back. A call that took much longer than usual (this process paused for GC or was not
     * scheduled, the network stalled) may have reached Telegram late and bunched up with the calls after it,
     * so it is counted once more, as arriving now. A spare count only ever errs on the slow side. */
    async arrived(botId: number, ticket: Ticket): Promise<void> {
      const took = performance.now() - ticket.askedAt;
      const before = usual.get(botId) ?? took;
      usual.set(botId, before * 0.9 + took * 0.1);
      if (took > before + LATE_MS) await run(botId, true);
    },
  };
}
export type DepartureGate = ReturnType<typeof createDepartureGate>;
