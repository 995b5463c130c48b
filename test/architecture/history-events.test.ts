// History events are typed per service: each service declares its actions with their data
// (services/<name>/history-events.ts) and its deps take a HistoryAppender of that union. These checks are
// compile-time: `npm test` typechecks first, and an `@ts-expect-error` that no longer sees an error fails it.
import { describe, expectTypeOf, it } from 'vitest';
import type { HistoryAppender, HistoryEventInput, HistoryEventOf } from '../../services/history/index.js';
import type { GroupHistoryEvent } from '../../services/groups/history-events.js';
import type { RaidHistoryEvent } from '../../services/raids/history-events.js';
import type { UserHistoryEvent } from '../../services/users/history-events.js';
import type { ValidationHistoryEvent } from '../../services/validation/history-events.js';
import type { LedgerHistoryEvent } from '../../services/ledger/history-events.js';
import type { WithdrawalHistoryEvent } from '../../services/withdrawals/history-events.js';
import type { RaidsDeps } from '../../services/raids/deps.js';
import type { Tx } from '../../services/platform/database.js';

declare const tx: Tx;
declare const raidsHistory: RaidsDeps['history'];

describe('history events are declared by the service that records them', () => {
  it('keeps each service to its own prefix (validation judges raids, so it writes raid.*)', () => {
    expectTypeOf<UserHistoryEvent['action']>().toExtend<`user.${string}`>();
    expectTypeOf<GroupHistoryEvent['action']>().toExtend<`group.${string}`>();
    expectTypeOf<RaidHistoryEvent['action']>().toExtend<`raid.${string}`>();
    expectTypeOf<ValidationHistoryEvent['action']>().toExtend<`raid.${string}`>();
    expectTypeOf<LedgerHistoryEvent['action']>().toExtend<`ledger.${string}`>();
    expectTypeOf<WithdrawalHistoryEvent['action']>().toExtend<`withdrawal.${string}`>();
  });

  it('gives each action its own data, so a declared event is still a plain stored event', () => {
    expectTypeOf<Extract<HistoryEventOf<RaidHistoryEvent>, { action: 'raid.ended' }>['data']['reason']>().toEqualTypeOf<'targets' | 'time' | 'admin'>();
    expectTypeOf<HistoryEventOf<RaidHistoryEvent | GroupHistoryEvent | UserHistoryEvent | ValidationHistoryEvent | LedgerHistoryEvent>>().toExtend<HistoryEventInput>();
    expectTypeOf<RaidsDeps['history']>().toEqualTypeOf<HistoryAppender<RaidHistoryEvent>>();
  });

  it('refuses an undeclared action, another service\'s action, a wrong subject and data of the wrong shape', () => {
    const system = { kind: 'system' } as const;
    const raid = { kind: 'raid', id: 'r1' } as const;
    const counts = { replies: 0, reposts: 0, likes: 0, quotes: 0, bookmarks: 0 };
    const never = (): void => {
      // @ts-expect-error 'raid.exploded' is declared nowhere
      void raidsHistory.append(tx, { actor: system, action: 'raid.exploded', subject: raid, data: {} });
      // @ts-expect-error groups' action, not raids'
      void raidsHistory.append(tx, { actor: system, action: 'group.migrated', subject: raid, data: { fromChatId: '1', toChatId: '2' } });
      // @ts-expect-error raid.claimed is about a raid, not a user
      void raidsHistory.append(tx, { actor: system, action: 'raid.claimed', subject: { kind: 'user', id: '1' }, data: { xUserId: '1', xUsername: 'a' } });
      // @ts-expect-error the end reason is one of three words
      void raidsHistory.append(tx, { actor: system, action: 'raid.ended', subject: raid, data: { reason: 'boredom', progress: counts, targets: counts } });
      void raidsHistory.append(tx, { actor: system, action: 'raid.ended', subject: raid, data: { reason: 'time', progress: counts, targets: counts } });
      // A declared event with its data compiles.
      void raidsHistory.append(tx, { actor: system, action: 'raid.unlock_failed', subject: raid, data: { reason: 'rights revoked' } });
    };
    expectTypeOf(never).toBeFunction();
  });
});
