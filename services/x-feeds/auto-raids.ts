// Auto-raids: each new post of a group's own X account opens a raid, the same raid as /raid (card, lock,
// claims, validation), one at a time. Posts are queued by the poll that found them, in its transaction (so
// a post is queued once, with the cursor that read it); raids are launched from the queue afterwards.
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';
import type { RaidTargets } from '../raids/index.js';
import { autoRaidOf, chatsWithPending, decide, deleteAutoRaid, isAutoRaid, pendingOf, saveAutoRaid, type AutoRaidConfig } from './auto-raid-store.js';
import { accountByUsername, upsertAccount } from './follow-store.js';
import { HANDLE } from './follows.js';
import type { FeedsDeps } from './deps.js';

export interface AutoRaidRequest {
  handle: string;
  replies: boolean;
  onNewer: 'wait' | 'replace';
  targets: RaidTargets;
  durationMinutes: number;
  lock: boolean;
}

export type AutoRaidResult = { ok: true; config: AutoRaidConfig } | { ok: false; reason: 'bad_handle' | 'not_found' | 'raids_off' };

export async function enableAutoRaid(deps: FeedsDeps, g: { botId: number; chatId: ChatId; actorId: TelegramUserId }, req: AutoRaidRequest): Promise<AutoRaidResult> {
  if (!deps.raids) return { ok: false, reason: 'raids_off' };
  const m = HANDLE.exec(req.handle.trim());
  if (!m) return { ok: false, reason: 'bad_handle' };
  const user = (await accountByUsername(deps.db.manager, m[1]!)) ?? (await deps.x.getUserByUsername(m[1]!, { purpose: 'feeds:lookup' }));
  if (!user) return { ok: false, reason: 'not_found' };
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await upsertAccount(tx, { xUserId: user.id, username: user.username, name: user.name, intervalMs: deps.config.minIntervalMs, now });
    await saveAutoRaid(tx, { chatId: g.chatId, botId: g.botId, xUserId: user.id, replies: req.replies, onNewer: req.onNewer, targets: req.targets, durationMinutes: req.durationMinutes, lock: req.lock, enabledBy: g.actorId, enabledAt: now });
    const config = (await autoRaidOf(tx, g.chatId))!;
    await deps.history.append(tx, {
      actor: { kind: 'user', id: String(g.actorId) }, action: 'feed.auto_raid_enabled', subject: { kind: 'group', id: String(g.chatId) },
      data: { xUserId: user.id, username: user.username, replies: req.replies, onNewer: req.onNewer, targets: req.targets, durationMinutes: req.durationMinutes, lock: req.lock },
    });
    return { ok: true, config };
  });
}

export async function disableAutoRaid(deps: FeedsDeps, g: { chatId: ChatId; actorId: TelegramUserId }): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const gone = await deleteAutoRaid(tx, g.chatId);
    if (!gone) return false;
    await decide(tx, g.chatId, (await pendingOf(tx, g.chatId)).map((p) => p.postId), 'skipped', deps.clock.now(), { note: 'auto-raids switched off' });
    await deps.history.append(tx, {
      actor: { kind: 'user', id: String(g.actorId) }, action: 'feed.auto_raid_disabled', subject: { kind: 'group', id: String(g.chatId) },
      data: { xUserId: gone.xUserId },
    });
    return true;
  });
}

export const autoRaidStatus = (deps: FeedsDeps, chatId: ChatId) => autoRaidOf(deps.db.manager, chatId);

export interface LaunchPass {
  launched: number;
  waiting: number;
  replaced: number;
  skipped: number;
}

/** Launches what the queue holds: per group, one raid at a time; a newer post waits for the running raid to
 * end, or (onNewer 'replace') cancels a running auto-raid and takes its place. A manual raid is never
 * cancelled for an auto-raid: the post waits. */
export async function launchPending(deps: FeedsDeps): Promise<LaunchPass> {
  const pass: LaunchPass = { launched: 0, waiting: 0, replaced: 0, skipped: 0 };
  const raids = deps.raids;
  if (!raids) return pass;
  for (const chatId of await chatsWithPending(deps.db.manager, 500)) {
    await deps.db.transaction(async (tx) => {
      // One launcher per group at a time (two workers), held across the launch so nobody launches twice.
      const [{ got }] = await tx.query(`SELECT pg_try_advisory_xact_lock(hashtext('feeds.auto_raids'), hashtext($1::text)) AS got`, [String(chatId)]);
      if (!got) return;
      const now = deps.clock.now();
      const config = await autoRaidOf(tx, chatId);
      let pending = await pendingOf(tx, chatId);
      if (!config) {
        await decide(tx, chatId, pending.map((p) => p.postId), 'skipped', now, { note: 'auto-raids switched off' });
        pass.skipped += pending.length;
        return;
      }
      // A launch that went through before a crash, whose row was never marked: found, not launched again.
      const latest = await raids.latest(chatId);
      const done = latest ? pending.find((p) => p.postId === latest.postId && latest.startedAt >= p.queuedAt) : undefined;
      if (done && latest) {
        await decide(tx, chatId, [done.postId], 'launched', now, { raidId: latest.id });
        pending = pending.filter((p) => p !== done);
      }
      if (pending.length === 0) return;
      if (config.onNewer === 'replace' && pending.length > 1) {
        const older = pending.slice(0, -1).map((p) => p.postId);
        await decide(tx, chatId, older, 'replaced', now, { note: 'a newer post came' });
        pass.replaced += older.length;
        pending = pending.slice(-1);
      }
      const next = pending[0]!;
      const active = await raids.active(chatId);
      if (active) {
        const replaceable = config.onNewer === 'replace' && (await isAutoRaid(tx, chatId, active.id));
        if (!replaceable) {
          pass.waiting += pending.length;
          return;
        }
        await raids.cancel(active.id, config.enabledBy);
      }
      const r = await raids.launch({ chatId, botId: config.botId, adminId: config.enabledBy, postId: next.postId, targets: config.targets, durationMinutes: config.durationMinutes, lock: config.lock });
      if (r.ok) {
        await decide(tx, chatId, [next.postId], 'launched', now, { raidId: r.raidId });
        await deps.history.append(tx, { actor: { kind: 'system' }, action: 'feed.auto_raid_launched', subject: { kind: 'group', id: String(chatId) }, data: { postId: next.postId, raidId: r.raidId } });
        pass.launched++;
      } else if (r.reason === 'already_running' || r.reason === 'x_unavailable') {
        pass.waiting += pending.length;
      } else {
        await decide(tx, chatId, [next.postId], 'skipped', now, { note: r.reason });
        pass.skipped++;
      }
    });
  }
  return pass;
}
