import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import { getAddress, verifyMessage } from 'ethers';
import type { DataSource } from 'typeorm';
import type { Tx } from '../platform/database.js';
import type { HistoryAppender } from '../history/index.js';
import type { UserHistoryEvent } from './history-events.js';
import type { Clock } from '../platform/clock.js';
import { keyspace } from '../platform/redis.js';
import { telegramUserId, type TelegramUserId } from '../platform/telegram-ids.js';
import { parseWalletAddress, siweMessage, type WalletLinkSettings } from './siwe-message.js';

// Linking a member's wallet: we hand out a one-time EIP-4361 message naming the address, the member signs
// it in their wallet, and the signature must recover to that address before the wallet is theirs. The
// challenge waits in Redis (one per member; a new one replaces it) and is taken with GETDEL, so two
// submissions of one signature cannot both link, and a signature is never good twice.

export const WALLET_CHALLENGE_TTL_MS = 10 * 60_000;
// Redis keeps a challenge a while past its expiry so a late signature hears "expired", not "no challenge".
const CHALLENGE_KEY_EXTRA_MS = 30 * 60_000;
const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const NONCE_LENGTH = 17; // ~100 bits, over EIP-4361's 8 alphanumerics

export interface LinkedWallet {
  /** EIP-55 checksummed. */
  address: string;
  linkedAt: Date;
}

export interface WalletChallenge {
  /** The exact text to sign (EIP-4361). */
  message: string;
  /** The address it names, checksummed. */
  address: string;
  expiresAt: Date;
}

/** Why a wallet was not linked. `taken`: another member holds it (refused and recorded, with the proof);
 * `bad_signature`: not a signature of the message by the named address (the challenge stays for another
 * try); `expired` and `no_challenge` (none waiting, or already used): ask for a new message. */
export type WalletLinkFailure = 'expired' | 'bad_signature' | 'taken' | 'no_challenge';

export type WalletLinkResult =
  | { ok: true; wallet: LinkedWallet; /** The member had this wallet linked already. */ unchanged: boolean }
  | {
      ok: false;
      reason: WalletLinkFailure;
      /** The address the challenge named, when there was one. */
      address: string | null;
      /** For `bad_signature`, when the signature was one: the address it recovers to over this message. It is
       * the signer only if they signed exactly this text (another account picked in the wallet); over an
       * altered or older message it is an address nobody holds. */
      recovered?: string;
    };

interface PendingChallenge {
  address: string;
  message: string;
  expiresAt: number;
}

const userSubject = (telegramId: TelegramUserId) => ({ kind: 'user' as const, id: String(telegramId) });

export function createWallets(deps: {
  db: DataSource;
  history: HistoryAppender<UserHistoryEvent>;
  clock: Clock;
  redis?: Redis | undefined;
  prefix?: string | undefined;
  settings: WalletLinkSettings;
}) {
  const { db, history, clock, settings } = deps;
  const challengeKey = (telegramId: TelegramUserId) => keyspace(deps.prefix ?? '{warhorn}')('users', 'wallet-challenge', String(telegramId));
  const needRedis = () => {
    if (!deps.redis) throw new Error('users: wallet linking needs redis in createUsers deps');
    return deps.redis;
  };
  const addressOf = (input: string) => {
    const address = parseWalletAddress(input);
    if (!address) throw new RangeError(`not an EVM address: ${JSON.stringify(input.slice(0, 60))}`);
    return address;
  };

  async function startWalletLink(telegramId: TelegramUserId, addressInput: string): Promise<WalletChallenge> {
    const address = addressOf(addressInput);
    let nonce = '';
    for (let i = 0; i < NONCE_LENGTH; i++) nonce += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
    const issuedAt = clock.now();
    const expiresAt = new Date(issuedAt.getTime() + WALLET_CHALLENGE_TTL_MS);
    // The Telegram id is in the signed text: the signature says which account the key holder meant.
    const statement = `Link this wallet to Telegram account ${telegramId} on Warhorn. Signing is free and moves no funds.`;
    const message = siweMessage(settings, { address, statement, nonce, issuedAt, expiresAt });
    const pending: PendingChallenge = { address, message, expiresAt: expiresAt.getTime() };
    await needRedis().set(challengeKey(telegramId), JSON.stringify(pending), 'PX', WALLET_CHALLENGE_TTL_MS + CHALLENGE_KEY_EXTRA_MS);
    return { message, address, expiresAt };
  }

  async function finishWalletLink(telegramId: TelegramUserId, signature: string): Promise<WalletLinkResult> {
    const redis = needRedis();
    const key = challengeKey(telegramId);
    const raw = await redis.getdel(key);
    if (!raw) return { ok: false, reason: 'no_challenge', address: null };
    const pending = JSON.parse(raw) as PendingChallenge;
    const now = clock.now().getTime();
    if (pending.expiresAt <= now) return { ok: false, reason: 'expired', address: pending.address };
    // Put the challenge back (unless a newer one took its place) when nothing was decided.
    const giveBack = () => redis.set(key, raw, 'PX', Math.max(1, pending.expiresAt + CHALLENGE_KEY_EXTRA_MS - now), 'NX');

    let recovered: string | null;
    try {
      recovered = verifyMessage(pending.message, signature.trim());
    } catch {
      recovered = null; // not a signature at all
    }
    if (recovered === null || recovered.toLowerCase() !== pending.address.toLowerCase()) {
      await giveBack();
      return { ok: false, reason: 'bad_signature', address: pending.address, ...(recovered ? { recovered } : {}) };
    }
    try {
      return await link(telegramId, pending.address, { message: pending.message, signature: signature.trim() });
    } catch (error) {
      await giveBack(); // database trouble: the member may send the same signature again
      throw error;
    }
  }

  /** Records the proven wallet, or the refusal when another member holds it. Either way it commits. */
  function link(telegramId: TelegramUserId, address: string, proof: { message: string; signature: string }): Promise<WalletLinkResult> {
    const lower = address.toLowerCase();
    return db.transaction(async (tx) => {
      // Two members proving the same key at once must see each other (the primary key would otherwise
      // turn the loser into a 500 rather than a recorded refusal).
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('users.wallets:' || $1::text, 0))`, [lower]);
      const owner = await ownerOf(lower, tx);
      const actor = { kind: 'user' as const, id: String(telegramId) };
      if (owner !== null && owner !== telegramId) {
        // Whoever signed holds the key of a wallet another member linked: anti-fraud evidence, kept with its proof.
        await history.append(tx, {
          actor,
          action: 'user.wallet_link_refused',
          subject: userSubject(telegramId),
          data: { address: lower, reason: 'taken', ownerTelegramId: String(owner), ...proof },
        });
        return { ok: false, reason: 'taken', address };
      }
      if (owner === telegramId) {
        const rows: Array<{ linked_at: Date }> = await tx.query(`SELECT linked_at FROM users.wallets WHERE address = $1`, [lower]);
        return { ok: true, wallet: { address, linkedAt: rows[0]!.linked_at }, unchanged: true };
      }
      const linkedAt = clock.now();
      await tx.query(`INSERT INTO users.wallets (address, telegram_id, linked_at) VALUES ($1, $2, $3)`, [lower, telegramId, linkedAt]);
      await history.append(tx, { actor, action: 'user.wallet_linked', subject: userSubject(telegramId), data: { address: lower, ...proof } });
      return { ok: true, wallet: { address, linkedAt }, unchanged: false };
    });
  }

  async function ownerOf(lowerAddress: string, tx: Tx = db.manager): Promise<TelegramUserId | null> {
    const rows: Array<{ telegram_id: string }> = await tx.query(`SELECT telegram_id FROM users.wallets WHERE address = $1`, [lowerAddress]);
    return rows[0] ? telegramUserId(rows[0].telegram_id) : null;
  }

  async function walletsOf(telegramId: TelegramUserId): Promise<LinkedWallet[]> {
    const rows: Array<{ address: string; linked_at: Date }> = await db.query(
      `SELECT address, linked_at FROM users.wallets WHERE telegram_id = $1 ORDER BY linked_at, address`,
      [telegramId],
    );
    return rows.map((r) => ({ address: getAddress(r.address), linkedAt: r.linked_at }));
  }

  const walletOwner = async (address: string) => ownerOf(addressOf(address).toLowerCase());

  return { startWalletLink, finishWalletLink, walletsOf, walletOwner };
}
