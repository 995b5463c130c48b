/** Telegram refuses a button whose callback_data is longer than this, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** One kind of button's callback data, built and parsed in one place. `pattern` is what a composer matches
 * (`feature.callbackQuery(button.pattern, ...)`); `parse` reads grammY's `ctx.match` back into the data. */
export interface CallbackData<T> {
  readonly pattern: RegExp;
  build(value: T): string;
  /** The data of a match of `pattern` (grammY's `ctx.match` in a callbackQuery handler, typed
   * `string | RegExpMatchArray` there); throws on anything else. */
  parse(match: string | RegExpMatchArray): T;
  /** The data of any string, or null when it is not this kind of button's. */
  match(data: string | undefined): T | null;
}

/** A codec from the format's pattern (anchored, groups for the fields) and its two directions. Building
 * checks what it built against the pattern and Telegram's limit, so a button that could not be pressed,
 * or read back, fails where it is made and not on a member's phone. */
export function callbackData<T>(format: { pattern: RegExp; build(value: T): string; parse(match: RegExpMatchArray): T }): CallbackData<T> {
  const { pattern } = format;
  if (!pattern.source.startsWith('^') || !pattern.source.endsWith('$') || pattern.global || pattern.sticky) {
    throw new Error(`callback data pattern ${pattern} must be anchored and not global`);
  }
  return {
    pattern,
    build(value) {
      const data = format.build(value);
      if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) throw new Error(`callback data "${data}" is over Telegram's ${CALLBACK_DATA_MAX_BYTES} bytes`);
      if (!pattern.test(data)) throw new Error(`callback data "${data}" does not match ${pattern}`);
      return data;
    },
    parse(match) {
      const m = typeof match === 'string' ? pattern.exec(match) : match;
      if (!m) throw new Error(`callback data "${String(match)}" does not match ${pattern}`);
      return format.parse(m);
    },
    match(data) {
      const m = data === undefined ? null : pattern.exec(data);
      return m ? format.parse(m) : null;
    },
  };
}
