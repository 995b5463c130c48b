import type { DataSource } from 'typeorm';
import type { ServiceSchema, Tx } from '../platform/database.js';
import { CreateRaids1764000006000 } from './migrations/create-raids-1764000006000.js';
import { activeRaidOf, claimTimes, latestRaidOf, loadClaims, loadRaid, markValidated } from './raid-store.js';

export type { ClaimRecord, EndReason, RaidProgress, RaidRecord, RaidStatus, RaidTargets } from './types.js';

export const raidsSchema: ServiceSchema = { entities: [], migrations: [CreateRaids1764000006000] };

export interface RaidsDeps {
  db: DataSource;
}

export function createRaids(deps: RaidsDeps) {
  const { db } = deps;
  return {
    get: (raidId: string) => loadRaid(db.manager, raidId),
    active: (chatId: number) => activeRaidOf(db.manager, chatId),
    latest: (chatId: number) => latestRaidOf(db.manager, chatId),
    claims: (raidId: string) => loadClaims(db.manager, raidId),
    claimTimes: (telegramUserIds: number[], since: Date) => claimTimes(db.manager, telegramUserIds, since),
    markValidated: (tx: Tx, raidId: string) => markValidated(tx, raidId),
  };
}

export type Raids = ReturnType<typeof createRaids>;
