/** Escapes text for Telegram's HTML parse mode (and attribute values): &, <, > and ". Every message that
 * carries a name, a post excerpt or anything a person typed goes through this. */
export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
