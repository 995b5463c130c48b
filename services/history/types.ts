import type { Tx } from '../platform/database.js';

/** Who did it. `id` is the actor's own id as a string (Telegram ids exceed 2^53 in principle). */
export type ActorKind = 'user' | 'bot' | 'system' | 'admin';
export const ACTOR_KINDS: readonly ActorKind[] = ['user', 'bot', 'system', 'admin'];

export interface HistoryEventInput {
  actor: { kind: ActorKind; id?: string };
  /** Dotted verb, e.g. 'user.registered', 'group.admin_added', 'group.settings_changed'. */
  action: string;
  subject: { kind: string; id: string };
  /** Plain JSON. bigints must be passed as strings: JSON has no exact big integers. */
  data?: Record<string, unknown>;
}

/**
 * One kind of event a service records, declared by that service (its `history-events.ts`): the action, the
 * kind of subject it is about and the shape of its data. A service's deps take a `HistoryAppender` of the
 * union of its declarations, so an event with an undeclared action, a misspelt one or data of the wrong shape
 * does not compile. Declare `data` as a type literal (not an interface), so it stays plain JSON-compatible.
 */
export interface DeclaredEvent {
  action: string;
  subject: string;
  data: Record<string, unknown>;
}

/** The input for one declared event (distributes over a union: each action keeps its own data). */
export type HistoryEventOf<E extends DeclaredEvent> = E extends DeclaredEvent
  ? { actor: HistoryEventInput['actor']; action: E['action']; subject: { kind: E['subject']; id: string }; data: E['data'] }
  : never;

/** What a service needs of history: recording its own declared events inside its transaction. */
export interface HistoryAppender<E extends DeclaredEvent> {
  append(tx: Tx, event: HistoryEventOf<E>): Promise<string>;
}

/** Recording many declared events in one statement (a post forwarded into a thousand groups). */
export interface HistoryBatchAppender<E extends DeclaredEvent> extends HistoryAppender<E> {
  appendMany(tx: Tx, events: ReadonlyArray<HistoryEventOf<E>>): Promise<string[]>;
}

/** One stored event as the audit trail shows it (plain, JSON-serialisable). */
export interface HistoryEvent {
  id: string;
  /** ISO 8601, UTC, millisecond precision (the chain itself hashes microseconds). */
  occurredAt: string;
  actor: { kind: ActorKind; id?: string };
  action: string;
  subject: { kind: string; id: string };
  data: Record<string, unknown>;
  /** Position in the hash chain, or null while the sealer has not reached it yet. */
  seq: string | null;
}

export interface ListFilter {
  subjectKind?: string;
  subjectId?: string;
  /** Default 50, at most 500. */
  limit?: number;
  /** Keyset pagination: only events with a smaller id (newest first). */
  beforeId?: string;
}

export interface SealResult {
  sealed: number;
  /** Hash (hex) of the last seal after this run, when anything has ever been sealed. */
  head?: string;
}

export type VerifyResult =
  | { ok: true; events: number; head: string }
  | { ok: false; firstBadEventId: string; reason: string; checked: number };

/** A page of events checked against the chain (check-events.ts). `checkedThrough`: the highest seq among
 * them that checked out. `pending`: every sealed one checks out, some are not sealed yet. */
export type EventsCheck =
  | { status: 'verified' | 'pending'; checkedThrough?: string }
  | { status: 'broken'; firstBadEventId: string; reason: string };

import type { Anchor } from './anchors.js';

export interface History {
  /** Records an event inside the caller's transaction; returns its id. Commits or rolls back with it. */
  append(tx: Tx, event: HistoryEventInput): Promise<string>;
  /** Same for several events, in order; returns their ids in input order. */
  appendMany(tx: Tx, events: readonly HistoryEventInput[]): Promise<string[]>;
  /** Chains every event whose transaction has finished; safe to call from several processes at once. */
  seal(): Promise<SealResult>;
  /** Seals until every event recorded before the call is in the chain, or `waitMs` has passed (an open
   * transaction anywhere in the cluster holds the sealer back). Returns how many of them are still unsealed. */
  sealThrough(waitMs: number): Promise<{ unsealed: number }>;
  /** Recomputes the whole chain page by page and names the first event that does not check out; with
   * `anchors`, also fails when the chain no longer holds a head published outside the database. */
  verify(options?: { anchors?: readonly Anchor[] }): Promise<VerifyResult>;
  /** A page of events, newest first, of one subject when asked (keyset pagination by `beforeId`). */
  list(filter?: ListFilter): Promise<HistoryEvent[]>;
  /** Checks these events (a page of list()) against the chain around them: each sealed one hashes to its
   * seal and its seal is linked to its neighbours. A local check for an audit view; verify() is the whole chain. */
  checkEvents(eventIds: readonly string[]): Promise<EventsCheck>;
}
