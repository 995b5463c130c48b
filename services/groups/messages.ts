// What the groups service says in a group, as a port: it decides when (a group registered, or the bot back
// in it) and with what data; the bot side, chosen by the bot's id, writes the words and their formatting
// (bots/features/group-membership/texts.ts). So a branded or translated bot changes texts only.

/** A message's content as the outbox sends it (text, formatting, buttons): built by the bot side. */
export type MessageContent = { text: string } & Record<string, unknown>;

export interface GroupMessages {
  /** The greeting when the bot is added to a group (`rejoined`: it had been there before, settings kept). */
  welcome(w: { title: string; botIsAdmin: boolean; rejoined: boolean }): MessageContent;
}
