// The events the white-label service records: a bot's life in the directory. Subject: the bot (its id).
export type WhitelabelHistoryEvent =
  | { action: 'whitelabel.bot_registered'; subject: 'bot'; data: { username: string; ownerId: string; modules: string[] } }
  | { action: 'whitelabel.bot_changed'; subject: 'bot'; data: { what: 'modules' | 'branding'; modules?: string[] } }
  | { action: 'whitelabel.bot_disabled'; subject: 'bot'; data: { reason: string } }
  | { action: 'whitelabel.bot_removed'; subject: 'bot'; data: { by: string } };
