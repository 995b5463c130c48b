// Telegram's limits on a message, measured on the HTML these texts build. Telegram checks the text after
// parsing the HTML (tags gone, entities decoded), in UTF-16 units, and keeps formatting for the first 100
// entities only (the rest still sends, as plain text): a post forwarded from X can be far longer than that,
// so each text measures what it adds and cuts before Telegram refuses it or drops its links.

/** Longest text Telegram takes in a message, after entity parsing, in UTF-16 units. */
export const TEXT_MAX = 4096;
/** Formatting entities Telegram keeps in one message; later tags are ignored. */
export const ENTITIES_MAX = 100;
export const ELLIPSIS = '…';

/** What Telegram shows for HTML written by these texts: tags dropped, the four escapes as one unit each.
 * Only for our own HTML, where every `<`, `>`, `&` and `"` of data went through escapeHtml (so no `>`
 * inside an attribute ends a tag early and no other character reference appears). */
export const visibleLength = (html: string): number => html.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|amp|quot);/g, '.').length;

/** Entities the HTML makes: one per opening tag (these texts never write an empty one). */
export const entityCount = (html: string): number => html.match(/<[a-z]/g)?.length ?? 0;

/** The longest start of `s` that fits `units` UTF-16 units, cut between code points: a cut inside a
 * surrogate pair would leave a lone half, which is not valid UTF-8 for Telegram or JSON for the outbox. */
export function cutToUnits(s: string, units: number): string {
  let out = '';
  for (const cp of s) {
    if (out.length + cp.length > units) break;
    out += cp;
  }
  return out;
}

/** A name or term from X or an admin, shortened to `max` code points for a header (so the header stays
 * small and the post below it keeps the room). */
export function clip(s: string, max: number): string {
  const cps = [...s];
  return cps.length > max ? `${cps.slice(0, max - 1).join('')}${ELLIPSIS}` : s;
}
