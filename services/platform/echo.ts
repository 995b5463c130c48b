/** What a person typed, repeated back in an error message: at most `max` characters (whole code points, so
 * an emoji is never cut in half), since an echoed wall of text would make the answer too long to send. */
export function echo(value: string, max = 40): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}
