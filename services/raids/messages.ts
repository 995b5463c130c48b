// What raids say in the group, as a port: the service decides when a message goes and what it reports (plain
// data); the bot side, chosen by the bot's id, decides the words, their formatting and the buttons. So a
// branded or translated bot changes texts only, and no Telegram HTML is written here.
import type { EndReason, RaidProgress, RaidRecord } from './types.js';

/** A message's content as the outbox sends it (text, its formatting, buttons, preview): built by the bot
 * side. The service adds only where it goes (chat, message to edit, message to reply to). */
export type MessageContent = { text: string } & Record<string, unknown>;

export type CardRaid = Pick<RaidRecord, 'id' | 'postId' | 'postUrl' | 'authorUsername' | 'postText' | 'targets' | 'endsAt' | 'lockApplied' | 'lockRequested' | 'lockNote' | 'rewardPool'>;

/** Where the card is in the raid's life: first posted, edited while live, or its final state. */
export type CardState =
  | { phase: 'posted' | 'live' }
  /** `claimsOpenMs`: how long presses still count; `resultsInMs`: when the verdicts come. */
  | { phase: 'ended'; reason: EndReason; claimsOpenMs: number; resultsInMs: number }
  /** Cancelled by an admin: no validation, claims closed. */
  | { phase: 'cancelled' };

/** What the group is told when an admin cancels a raid. */
export interface CancelSummary {
  /** The held pool given back to the group's balance (smallest units), or null for a raid without a held pool. */
  returned: { amount: bigint; token: string } | null;
  /** The raid had locked the chat, and cancelling it gives the permissions back. */
  chatReopens: boolean;
}

export interface EndSummary {
  reason: EndReason;
  targets: RaidRecord['targets'];
  progress: RaidProgress;
  claimsOpenMs: number;
  resultsInMs: number;
  /** The raid had locked the chat, and ending it gives the permissions back. */
  chatReopens: boolean;
}

export interface RaidMessages {
  /** The live card; its `text` is also what a tick compares to edit only when something shown changed. */
  card(raid: CardRaid, progress: RaidProgress, now: Date, state: CardState): MessageContent;
  /** The summary posted when a raid ends. */
  ended(summary: EndSummary): MessageContent;
  /** The message posted when an admin cancels a running raid. */
  cancelled(summary: CancelSummary): MessageContent;
  /** The chat's permissions could not be given back for good (`reason`: Telegram's words). */
  unlockFailed(reason: string): MessageContent;
}
