import type { RaidRecord } from '../../../services/raids/index.js';
import { requireAdminNow, requireAdminView } from './access.js';
import type { Caller } from './caller.js';
import type { MiniAppApiDeps } from './deps.js';
import { notFound } from './errors.js';

// A raid's routes carry only the raid id: the group whose admins may see or change it is the raid's own,
// never one the request names. An unknown raid is 404; a raid of a group the caller does not administer
// is 403, as that group's own routes answer.

/** The raid, for an admin of its group (the synced list, as the group's views). */
export async function raidForView(deps: Pick<MiniAppApiDeps, 'raids' | 'groups'>, caller: Caller, raidId: string): Promise<RaidRecord> {
  const raid = await deps.raids.get(raidId);
  if (!raid) throw notFound('This raid');
  await requireAdminView(deps.groups, caller, raid.chatId);
  return raid;
}

/** The raid, for someone Telegram says is an admin of its group now (a change). */
export async function raidForChange(deps: Pick<MiniAppApiDeps, 'raids' | 'groups'>, caller: Caller, raidId: string): Promise<RaidRecord> {
  const raid = await deps.raids.get(raidId);
  if (!raid) throw notFound('This raid');
  await requireAdminNow(deps.groups, caller, raid.chatId);
  return raid;
}
