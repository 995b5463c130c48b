import type { GroupsDeps } from './deps.js';
import { isGoneFromChat } from './deps.js';
import { adminEntry, type AdminEntry } from './admins.js';
import { activeGroupIds, loadGroup, markSynced } from './group-store.js';
import { applyAdminList } from './sync-admins.js';
import { botRemoved } from './membership.js';
import type { ChatId } from '../platform/telegram-ids.js';

export type RefreshOutcome = 'synced' | 'removed' | 'skipped' | 'failed';

/** Re-reads one group's admins from Telegram; a group the bot was removed from goes inactive. */
export async function refreshGroup(deps: GroupsDeps, chatId: ChatId): Promise<RefreshOutcome> {
  const group = await loadGroup(deps.db.manager, chatId);
  if (!group?.active) return 'skipped';
  let admins: AdminEntry[];
  try {
    admins = (await deps.telegram.getChatAdministrators(group.botId, chatId)).map(adminEntry).filter((a): a is AdminEntry => a !== null);
  } catch (error) {
    if (isGoneFromChat(error)) {
      await botRemoved(deps, chatId, null, 'left');
      return 'removed';
    }
    deps.log.warn({ err: error, chatId }, 'admin refresh failed; will try again next run');
    return 'failed';
  }
  await deps.db.transaction(async (tx) => {
    const locked = await loadGroup(tx, chatId, true);
    if (!locked?.active) return;
    await applyAdminList(deps, tx, chatId, admins, 'daily refresh');
    await markSynced(tx, chatId);
  });
  return 'synced';
}

/** The daily job: every active group, a page at a time, a few Telegram calls in flight. */
export async function refreshAllGroups(deps: GroupsDeps, options: { concurrency?: number } = {}): Promise<Record<RefreshOutcome, number>> {
  const counts: Record<RefreshOutcome, number> = { synced: 0, removed: 0, skipped: 0, failed: 0 };
  const concurrency = options.concurrency ?? 4;
  let after: ChatId | null = null;
  for (;;) {
    const page = await activeGroupIds(deps.db.manager, after, 200);
    if (page.length === 0) break;
    after = page[page.length - 1]!.chatId;
    for (let i = 0; i < page.length; i += concurrency) {
      const outcomes = await Promise.all(page.slice(i, i + concurrency).map((g) => refreshGroup(deps, g.chatId)));
      for (const outcome of outcomes) counts[outcome] += 1;
    }
  }
  return counts;
}
