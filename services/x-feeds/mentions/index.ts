// Mention feeds' pure parts: the terms groups follow, their packing into shared X queries, the routing of
// results back to groups, and each group's rate cap. No database and no network: the feed service wires them.

/** parseTerm reads `/mentions add …` input (and stored termText) into a Term; termText is its query form and
 * sharing key, termLabel how a group sees it. */
export { MAX_TERM_LENGTH, parseTerm, termLabel, termText, type ParsedTerm, type Term, type TermKind } from './terms.js';

/** repack: the smallest change to the stored queries that covers the wanted terms within X's length limit. */
export { queryLength, queryText, repack, type PackOptions, type Repack, type StoredQuery } from './packing.js';

/** matchedTerms: a group's terms a search result matched; passesFilters: the group's follower and language settings. */
export { matchedTerms, passesFilters, type PostFilters } from './matching.js';

/** planRelays: what to relay now, what to hold, and the summary of a closed window. */
export { emptyRateCapState, engagement, planRelays, type CapMatch, type RateCap, type RateCapState, type RelayPlan, type StoredPost } from './rate-cap.js';
