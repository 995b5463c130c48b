// Rules on what the member wrote: too-short replies and copies of another claimant's text.
import type { FraudFlag, FraudRule } from '../anti-fraud.js';
import { postUrl } from '../../x/index.js';
import type { ClaimantJudgement, EngagementPost } from '../types.js';
import { compareIds } from '../order.js';
import type { TelegramUserId } from '../../platform/telegram-ids.js';
import { DEFAULT_NEAR_DUPLICATE_THRESHOLD, nearDuplicateGroups, textSimilarity } from '../similarity.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Length as a reader sees it: X prefixes replies with "@author", and a link is not writing, so both are
 * left out; an emoji counts as one character (grapheme), as on screen.
 */
export function visibleLength(text: string): number {
  const body = text
    .replace(/^(\s*@\w+)+/, '')
    .replace(/\bhttps?:\/\/\S+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  let n = 0;
  for (const _ of segmenter.segment(body)) n++;
  return n;
}

export const replyLengthRule: FraudRule = {
  id: 'reply_length',
  prepare: (_all, ctx) => (j) => {
    const reply = j.actions.reply;
    if (!reply.requested || reply.evidence.length === 0) return [];
    // One reply that meets the bar is enough: members often add a short follow-up under a real reply.
    const longest = Math.max(...reply.evidence.map((e) => visibleLength(e.text ?? '')));
    if (longest >= ctx.thresholds.minReplyLength) return [];
    return [{ rule: 'reply_length', severity: 'flag', reason: `reply is ${longest} character${longest === 1 ? '' : 's'} long (minimum ${ctx.thresholds.minReplyLength})` }];
  },
};

interface TextDoc {
  /** Claimants presenting this post as raid work: more than one only when they share an X account (another
   * rule's case); none for a post that is only a candidate original (a non-claimant's, or from before the raid). */
  telegramUserIds: TelegramUserId[];
  xUserId: string;
  username: string | undefined;
  postId: string;
  at: Date;
  text: string;
}

const MAX_NAMES = 10;
const names = (list: readonly string[]) =>
  list.length <= MAX_NAMES ? list.join(', ') : `${list.slice(0, MAX_NAMES).join(', ')} and ${list.length - MAX_NAMES} more`;
const handle = (d: TextDoc) => (d.username ? `@${d.username}` : 'another account');

function collectTexts(all: readonly ClaimantJudgement[], others: readonly EngagementPost[]): TextDoc[] {
  const byPost = new Map<string, TextDoc>();
  for (const j of all) {
    for (const e of [...j.actions.reply.evidence, ...j.actions.quote.evidence]) {
      if (!e.postId || !e.at || e.text === undefined) continue;
      const doc = byPost.get(e.postId);
      if (doc) doc.telegramUserIds.push(j.claimant.telegramUserId);
      else byPost.set(e.postId, { telegramUserIds: [j.claimant.telegramUserId], xUserId: j.claimant.xUserId, username: j.claimant.xUsername, postId: e.postId, at: e.at, text: e.text });
    }
  }
  // Any other text X returned may be what a claimant copied: it can be an original, never a flagged copy.
  for (const p of others) {
    if (!byPost.has(p.postId)) byPost.set(p.postId, { telegramUserIds: [], xUserId: p.authorId, username: p.authorUsername, postId: p.postId, at: p.createdAt, text: p.text });
  }
  return [...byPost.values()];
}

/**
 * Near-duplicates among raid-time replies and quotes (a copied quote is the same farm). A cluster counts
 * when it spans two or more X accounts (one account repeating itself copies nobody). The earliest text of
 * the cluster is the original: its author keeps their claim (other rules still apply), so a farm copying an
 * honest member's reply costs that member nothing. Every later copy by another account is flagged, naming
 * the original and the ring. The original may be a reply of someone who did not claim, or one from before
 * the raid: every text X returned is compared, and only claimants' raid-time texts can be flagged.
 */
export const nearDuplicateRule: FraudRule = {
  id: 'near_duplicate',
  prepare: (all, ctx) => {
    const docs = collectTexts(all, ctx.texts ?? []);
    const threshold = ctx.thresholds.nearDuplicateThreshold ?? DEFAULT_NEAR_DUPLICATE_THRESHOLD;
    const flags = new Map<TelegramUserId, FraudFlag[]>();
    for (const group of nearDuplicateGroups(docs.map((d) => d.text), threshold).groups) {
      const members = group.map((i) => docs[i]!).sort((a, b) => a.at.getTime() - b.at.getTime() || compareIds(a.postId, b.postId));
      const accounts = [...new Set(members.map((d) => d.xUserId))];
      if (accounts.length < 2) continue;
      const original = members[0]!;
      const ring = [...new Set(members.map(handle))];
      const done = new Set<TelegramUserId>();
      for (const copy of members) {
        if (copy.xUserId === original.xUserId) continue;
        // One flag per claimant per cluster, about their earliest copy in it.
        for (const tg of copy.telegramUserIds) {
          if (done.has(tg)) continue;
          done.add(tg);
          const similar = Math.round(textSimilarity(copy.text, original.text) * 100);
          const reason = `${postUrl(copy.postId)} is a near-duplicate (${similar}% similar) of ${handle(original)}'s earlier ${postUrl(original.postId)}; copy cluster: ${names(ring)}`;
          const list = flags.get(tg) ?? [];
          list.push({ rule: 'near_duplicate', severity: 'flag', reason });
          flags.set(tg, list);
        }
      }
    }
    return (j) => flags.get(j.claimant.telegramUserId) ?? [];
  },
};
