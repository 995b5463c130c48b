// The events the users service records in history: each action with the subject it is about and its data.
// Stored data is plain JSON, so Telegram ids inside data are strings (as they always were in the stored
// trail; changing that would change the bytes the hash chain covers).
import type { XLinkMethod } from './x-accounts.js';
import type { NotificationPrefs } from './notification-prefs.js';

export type UserHistoryEvent =
  | { action: 'user.registered'; subject: 'user'; data: { username: string | null; firstName: string; viaBot: string } }
  | {
      action: 'user.x_link_refused';
      subject: 'user';
      data: { xUserId: string; xUsername: string; method: XLinkMethod; reason: 'taken'; ownerTelegramId: string };
    }
  | { action: 'user.x_unlinked'; subject: 'user'; data: { xUserId: string; xUsername: string; reason: 'replaced'; replacedBy: string } }
  | { action: 'user.x_linked'; subject: 'user'; data: { xUserId: string; xUsername: string; method: XLinkMethod } }
  /** The member changed which events they want in private (only the keys whose value changed). */
  | { action: 'user.notifications_changed'; subject: 'user'; data: { changed: Partial<NotificationPrefs> } }
  /** A wallet proven by a signed EIP-4361 message (address lowercased; message and signature are the proof). */
  | { action: 'user.wallet_linked'; subject: 'user'; data: { address: string; message: string; signature: string } }
  /** A signed claim of a wallet another member holds: the signer holds its key too (anti-fraud evidence). */
  | {
      action: 'user.wallet_link_refused';
      subject: 'user';
      data: { address: string; reason: 'taken'; ownerTelegramId: string; message: string; signature: string };
    };
