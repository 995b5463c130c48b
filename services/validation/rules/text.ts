// Rules on what the member wrote: too-short replies and copies of another claimant's text.
import type { FraudFlag, FraudRule } from '../anti-fraud.js';
import type { ClaimantJudgement } from '../types.js';
import { compareIds } from '../order.js';
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
  /** Claimants presenting this post: more than one only when they share an X account (another rule's case). */
  telegramUserIds: string[];
  xUserId: string;
  username: string;
  postId: string;
  at: Date;
  text: string;
}

const MAX_NAMES = 10;
const names = (list: readonly string[]) =>
  list.length <= MAX_NAMES ? list.join(', ') : `${list.slice(0, MAX_NAMES).join(', ')} and ${list.length - MAX_NAMES} more`;

function collectTexts(all: readonly ClaimantJudgement[]): TextDoc[] {
  const byPost = new Map<string, TextDoc>();
  for (const j of all) {
    for (const e of [...j.actions.reply.evidence, ...j.actions.quote.evidence]) {
      if (!e.postId || !e.at || e.text === undefined) continue;
      const doc = byPost.get(e.postId);
      if (doc) doc.telegramUserIds.push(j.claimant.telegramUserId);
      else byPost.set(e.postId, { telegramUserIds: [j.claimant.telegramUserId], xUserId: j.claimant.xUserId, username: j.claimant.xUsername, postId: e.postId, at: e.at, text: e.text });
    }
  }
  return [...byPost.values()];
}

/**
 * Near-duplicates among claimants' raid-time replies and quotes (a copied quote is the same farm).
 * A cluster counts when it spans two or more X accounts (one account repeating itself copies nobody).
 * Every claimant in it is flagged, naming the earliest text (the likely original) and the others, so an
 * admin sees the whole ring at once. The earliest author is flagged too: a ring often seeds its own
 * "original".
 */
export const nearDuplicateRule: FraudRule = {
  id: 'near_duplicate',
  prepare: (all, ctx) => {
    const docs = collectTexts(all);
    const threshold = ctx.thresholds.nearDuplicateThreshold ?? DEFAULT_NEAR_DUPLICATE_THRESHOLD;
    const flags = new Map<string, FraudFlag[]>();
    for (const group of nearDuplicateGroups(docs.map((d) => d.text), threshold).groups) {
      const members = group.map((i) => docs[i]!).sort((a, b) => a.at.getTime() - b.at.getTime() || compareIds(a.postId, b.postId));
      const accounts = [...new Set(members.map((d) => d.xUserId))];
      if (accounts.length < 2) continue;
      const original = members[0]!;
      const handles = [...new Set(members.map((d) => `@${d.username}`))];
      const done = new Set<string>();
      for (const own of members) {
        // One flag per claimant per cluster, about their earliest text in it.
        for (const tg of own.telegramUserIds) {
          if (done.has(tg)) continue;
          done.add(tg);
          const others = handles.filter((h) => h !== `@${own.username}`);
          const reason =
            own.xUserId === original.xUserId
              ? `post ${own.postId} is the earliest of ${members.length} near-identical texts; copied by ${names(others)}`
              : `post ${own.postId} is a near-duplicate (${Math.round(textSimilarity(own.text, original.text) * 100)}% similar) of @${original.username}'s earlier post ${original.postId}; copy cluster: ${names(handles)}`;
          const list = flags.get(tg) ?? [];
          list.push({ rule: 'near_duplicate', severity: 'flag', reason });
          flags.set(tg, list);
        }
      }
    }
    return (j) => flags.get(j.claimant.telegramUserId) ?? [];
  },
};
