import type { ChatId } from '../../../services/platform/telegram-ids.js';
import type { Groups } from '../../../services/groups/index.js';
import { ApiError } from './errors.js';
import type { Caller } from './caller.js';

// Who may see and change a group. Views follow the synced admin list (kept current by chat_member updates
// and the daily refresh); anything that changes the group asks Telegram at that moment (groups.isAdmin:
// getChatMember, its answer shared for a few seconds and dropped by the chat_member update a demotion
// sends), as the bot's own admin commands do. The chat id comes from the path; the user only from initData.

const notAdmin = () => new ApiError(403, 'not_admin', 'Only the admins of this group can do this');

/** For a group's views: the caller is in the group's synced admin list. */
export async function requireAdminView(groups: Pick<Groups, 'get' | 'admins'>, caller: Caller, chatId: ChatId): Promise<void> {
  const group = await groups.get(chatId);
  // An unknown group and someone else's group answer alike: the caller learns nothing about ids they guess.
  if (!group?.active) throw notAdmin();
  const admins = await groups.admins(chatId);
  if (!admins.some((a) => a.userId === caller.userId)) throw notAdmin();
}

/** For a change: the caller is an admin now, as Telegram says (a difference corrects the synced list). */
export async function requireAdminNow(groups: Pick<Groups, 'get' | 'isAdmin'>, caller: Caller, chatId: ChatId): Promise<void> {
  const group = await groups.get(chatId);
  if (!group?.active || !(await groups.isAdmin(chatId, caller.userId))) throw notAdmin();
}

/** For what the group's members may see (the KOL ranking, like /kols in the chat): an admin in the synced
 * list, or someone Telegram says is in the group now. */
export async function requireMemberView(groups: Pick<Groups, 'get' | 'admins' | 'isMember'>, caller: Caller, chatId: ChatId): Promise<void> {
  const group = await groups.get(chatId);
  const refused = () => new ApiError(403, 'not_member', 'Only the members of this group can see this');
  if (!group?.active) throw refused();
  if ((await groups.admins(chatId)).some((a) => a.userId === caller.userId)) return;
  if (!(await groups.isMember(chatId, caller.userId))) throw refused();
}
