// A group's mention terms, and the shared queries they are packed into. Every change repacks under one
// lock, so two admins adding terms at once never build two queries for one term.
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';
import type { Tx } from '../platform/database.js';
import { parseTerm, repack, termLabel, termText } from './mentions/index.js';
import { allQueries, createQuery, deleteTerm, distinctTerms, dropQueries, insertTerm, setQueryTerms, termsOfGroup, type TermRow } from './mention-store.js';
import type { FeedsDeps } from './deps.js';

/** Every query is "(terms) -is:retweet": a repost says nothing new, and X would bill it as a post. */
export const MENTION_SUFFIX = '-is:retweet';

export type TermChange = { ok: true; label: string; changed: boolean } | { ok: false; reason: string };

async function repackAll(deps: FeedsDeps, tx: Tx): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('feeds.mention_queries'))`);
  const plan = repack(await allQueries(tx), await distinctTerms(tx), { maxLength: deps.config.searchQueryMaxLength ?? 512, suffix: MENTION_SUFFIX });
  const now = deps.clock.now();
  for (const q of plan.keep) await setQueryTerms(tx, q.id, q.terms);
  for (const q of plan.create) await createQuery(tx, q.terms, now, deps.config.minIntervalMs);
  await dropQueries(tx, plan.drop);
  if (plan.unfit.length) deps.log.warn({ terms: plan.unfit }, 'feeds: mention terms too long for any query were left out');
}

export async function addTerm(deps: FeedsDeps, g: { botId: number; chatId: ChatId; actorId: TelegramUserId }, input: string): Promise<TermChange> {
  const parsed = parseTerm(input);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const term = termText(parsed.term);
  const label = termLabel(parsed.term);
  return deps.db.transaction(async (tx) => {
    const existing = await termsOfGroup(tx, g.chatId);
    if (!existing.some((t) => t.term === term) && existing.length >= (deps.config.maxTermsPerGroup ?? 20)) {
      return { ok: false, reason: `a group may have ${deps.config.maxTermsPerGroup ?? 20} terms at most; remove one first` };
    }
    const changed = await insertTerm(tx, { chatId: g.chatId, botId: g.botId, term, kind: parsed.term.kind, label, createdBy: g.actorId, now: deps.clock.now() });
    if (changed) {
      await repackAll(deps, tx);
      await deps.history.append(tx, { actor: { kind: 'user', id: String(g.actorId) }, action: 'feed.mention_term_added', subject: { kind: 'group', id: String(g.chatId) }, data: { term } });
    }
    return { ok: true, label, changed };
  });
}

export async function removeTerm(deps: FeedsDeps, g: { chatId: ChatId; actorId: TelegramUserId }, input: string): Promise<TermChange> {
  const parsed = parseTerm(input);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const term = termText(parsed.term);
  return deps.db.transaction(async (tx) => {
    const changed = await deleteTerm(tx, g.chatId, term);
    if (changed) {
      await repackAll(deps, tx);
      await deps.history.append(tx, { actor: { kind: 'user', id: String(g.actorId) }, action: 'feed.mention_term_removed', subject: { kind: 'group', id: String(g.chatId) }, data: { term } });
    }
    return { ok: true, label: termLabel(parsed.term), changed };
  });
}

export const mentionTerms = (deps: FeedsDeps, chatId: ChatId): Promise<TermRow[]> => termsOfGroup(deps.db.manager, chatId);
