/** A Bot API token as BotFather issues it: the bot's id, a colon, 35 characters (the length has been 35 for
 * years; a little room either way costs nothing, and getMe is the real check). */
const TOKEN = /^(\d{5,20}):[A-Za-z0-9_-]{30,64}$/;

export function looksLikeBotToken(text: string): boolean {
  return TOKEN.test(text.trim());
}

/** Finds a token inside a pasted message ("here it is: 123:ABC…"), as BotFather's message carries it. */
export function findBotToken(text: string): string | undefined {
  const m = /(?<![\w:])(\d{5,20}:[A-Za-z0-9_-]{30,64})(?![\w-])/.exec(text);
  return m?.[1];
}
