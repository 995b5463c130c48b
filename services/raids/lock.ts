import type { ChatPermissions } from 'grammy/types';
import type { GroupRecord } from '../groups/index.js';
import type { RaidTelegram } from './deps.js';

/** Members may read but not write while a raid runs; admins are never restricted by chat permissions. */
export const READ_ONLY: ChatPermissions = {
  can_send_messages: false,
  can_send_audios: false,
  can_send_documents: false,
  can_send_photos: false,
  can_send_videos: false,
  can_send_video_notes: false,
  can_send_voice_notes: false,
  can_send_polls: false,
  can_send_other_messages: false,
  can_add_web_page_previews: false,
  can_change_info: false,
  can_invite_users: false,
  can_pin_messages: false,
  can_manage_topics: false,
};

/** Why a requested lock was not applied, as stored in the raid (`lock_note`) and shown on the card in the
 * bot's words (bots/features/raids/texts.ts): a code, or `telegram_refused: ` and Telegram's description. */
export const LOCK_NOTES = {
  notSupergroup: 'not_supergroup',
  cannotRestrict: 'bot_cannot_restrict',
  stillLocked: 'earlier_raid_still_locked',
  telegramRefused: (description: string) => `telegram_refused: ${description}`,
} as const;

export type LockResult = { applied: true; saved: ChatPermissions } | { applied: false; note: string };

/** Locks the chat, remembering exactly the permissions it had so the end of the raid can give them back. */
export async function lockChat(telegram: RaidTelegram, group: GroupRecord): Promise<LockResult> {
  if (group.type !== 'supergroup') return { applied: false, note: LOCK_NOTES.notSupergroup };
  if (group.botStatus !== 'administrator' || !group.botRights.can_restrict_members) {
    return { applied: false, note: LOCK_NOTES.cannotRestrict };
  }
  try {
    const saved = (await telegram.getChatPermissions(group.botId, group.chatId)) ?? {};
    await telegram.setChatPermissions(group.botId, group.chatId, READ_ONLY);
    return { applied: true, saved };
  } catch (error) {
    const description = (error as { description?: string }).description ?? (error as Error).message;
    return { applied: false, note: LOCK_NOTES.telegramRefused(description) };
  }
}
