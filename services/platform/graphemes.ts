const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * At most `max` UTF-16 units (what budgets count), cut between whole graphemes, with an ellipsis when cut.
 * Never `.slice` on UTF-16 units: half an emoji is a lone surrogate, which JSON.stringify writes as "\ud83d"
 * and Postgres then refuses in the outbox's jsonb (inside the validation transaction, so the raid would
 * never validate).
 */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let kept = '';
  for (const { segment } of graphemes.segment(s)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept}…`;
}
