import type { DataSource } from 'typeorm';
import type { Tx } from '../platform/database.js';
import type { History } from '../history/index.js';
import type { Clock } from '../platform/clock.js';
import { telegramUserId, type TelegramUserId } from '../platform/telegram-ids.js';

export type XLinkMethod = 'oauth' | 'bio';

export interface XAccount {
  xUserId: string;
  username: string;
  method: XLinkMethod;
  linkedAt: Date;
}

/** Why a link did not happen. `taken`: the X account is linked to another member (refused and recorded). */
export type XLinkFailure =
  | 'taken'
  | 'no_code'
  | 'expired'
  | 'code_not_found'
  | 'x_user_not_found'
  | 'x_unavailable'
  | 'not_configured'
  | 'denied'
  /** An OAuth callback from another browser than the one that opened the link (the link was passed on). */
  | 'other_browser';

export type XLinkResult =
  | {
      ok: true;
      xUserId: string;
      username: string;
      /** The member's previous X account, now unlinked, when this link replaced one. */
      replaced: { xUserId: string; username: string } | null;
      /** The member had this very account linked already (nothing changed but the username). */
      unchanged: boolean;
    }
  | {
      ok: false;
      reason: XLinkFailure;
      /** Plain text (not HTML), fit to show the member. */
      message: string;
      /** The X username concerned, when known. */
      username?: string;
    };

export const TAKEN_MESSAGE = 'That X account is already linked to another member. One X account belongs to one member.';

const userSubject = (telegramId: TelegramUserId) => ({ kind: 'user', id: String(telegramId) });

export function createXAccounts(deps: { db: DataSource; history: Pick<History, 'append'>; clock: Clock }) {
  const { db, history, clock } = deps;

  async function xAccountOf(telegramId: TelegramUserId, tx: Tx = db.manager): Promise<XAccount | null> {
    const rows: Array<Record<string, unknown>> = await tx.query(
      `SELECT x_user_id, x_username, method, linked_at FROM users.x_accounts WHERE telegram_id = $1`,
      [telegramId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      xUserId: row.x_user_id as string,
      username: row.x_username as string,
      method: row.method as XLinkMethod,
      linkedAt: row.linked_at as Date,
    };
  }

  /** Who owns each of these X accounts (ids not linked to anyone are left out). One query for any number. */
  async function xAccountOwners(xUserIds: readonly string[], tx: Tx = db.manager): Promise<Map<string, TelegramUserId>> {
    const owners = new Map<string, TelegramUserId>();
    if (xUserIds.length === 0) return owners;
    const rows: Array<{ x_user_id: string; telegram_id: string }> = await tx.query(
      `SELECT x_user_id, telegram_id FROM users.x_accounts WHERE x_user_id = ANY($1::text[])`,
      [[...new Set(xUserIds)]],
    );
    for (const row of rows) owners.set(row.x_user_id, telegramUserId(row.telegram_id));
    return owners;
  }

  /** Links `xUser` to the member, replacing their previous X account, unless another member holds it. A
   * refusal is recorded too (it is anti-fraud evidence), so the transaction commits either way. */
  async function linkXAccount(
    telegramId: TelegramUserId,
    xUser: { id: string; username: string },
    method: XLinkMethod,
    /** Runs in the same transaction with the outcome: the message that tells the member commits with it. */
    after?: (tx: Tx, result: XLinkResult) => Promise<void>,
  ): Promise<XLinkResult> {
    return db.transaction(async (tx) => {
      const result = await decide(tx);
      if (after) await after(tx, result);
      return result;
    });

    async function decide(tx: Tx): Promise<XLinkResult> {
      // Serialise claims on the same member and on the same X account: two members racing for one account
      // must see each other, and the unique constraints would otherwise turn the loser into a 500. Member
      // first, then account, everywhere, so two claims can never wait on each other in a cycle.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('users.x_accounts:tg:' || $1::text, 0))`, [telegramId]);
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('users.x_accounts:x:' || $1::text, 0))`, [xUser.id]);

      const owner = (await xAccountOwners([xUser.id], tx)).get(xUser.id);
      if (owner !== undefined && owner !== telegramId) {
        await history.append(tx, {
          actor: { kind: 'user', id: String(telegramId) },
          action: 'user.x_link_refused',
          subject: userSubject(telegramId),
          data: { xUserId: xUser.id, xUsername: xUser.username, method, reason: 'taken', ownerTelegramId: String(owner) },
        });
        return { ok: false, reason: 'taken', message: TAKEN_MESSAGE, username: xUser.username };
      }

      const current = await xAccountOf(telegramId, tx);
      const now = clock.now();
      if (current && current.xUserId === xUser.id) {
        // Same account again: keep the original link date and method, follow a renamed handle.
        await tx.query(`UPDATE users.x_accounts SET x_username = $2 WHERE telegram_id = $1`, [telegramId, xUser.username]);
        return { ok: true, xUserId: xUser.id, username: xUser.username, replaced: null, unchanged: true };
      }
      if (current) {
        await tx.query(`DELETE FROM users.x_accounts WHERE telegram_id = $1`, [telegramId]);
        await history.append(tx, {
          actor: { kind: 'user', id: String(telegramId) },
          action: 'user.x_unlinked',
          subject: userSubject(telegramId),
          data: { xUserId: current.xUserId, xUsername: current.username, reason: 'replaced', replacedBy: xUser.id },
        });
      }
      await tx.query(
        `INSERT INTO users.x_accounts (telegram_id, x_user_id, x_username, method, linked_at) VALUES ($1, $2, $3, $4, $5)`,
        [telegramId, xUser.id, xUser.username, method, now],
      );
      await history.append(tx, {
        actor: { kind: 'user', id: String(telegramId) },
        action: 'user.x_linked',
        subject: userSubject(telegramId),
        data: { xUserId: xUser.id, xUsername: xUser.username, method },
      });
      const replaced = current ? { xUserId: current.xUserId, username: current.username } : null;
      return { ok: true, xUserId: xUser.id, username: xUser.username, replaced, unchanged: false };
    }
  }

  return { xAccountOf, xAccountOwners, linkXAccount };
}
