import type { BotModule } from '../services/bot-registry/index.js';

export interface CommandLine {
  command: string;
  description: string;
}

// What each module adds to the bot's "/" menu (setMyCommands): in private chats and in groups. A bot lists
// only the commands of its modules, so a moderation-only bot does not offer /raid.
const PRIVATE: Record<BotModule | 'core', CommandLine[]> = {
  core: [
    { command: 'start', description: 'Start and open the dashboard' },
    { command: 'help', description: 'What this bot can do' },
  ],
  raids: [
    { command: 'balance', description: 'Your rewards and balances' },
    { command: 'withdraw', description: 'Withdraw your rewards' },
  ],
  moderation: [],
  tasks: [{ command: 'tasks', description: 'Campaigns you can take part in' }],
};

const GROUPS: Record<BotModule | 'core', CommandLine[]> = {
  core: [
    { command: 'help', description: 'What this bot can do' },
    { command: 'settings', description: 'Group settings (admins)' },
  ],
  raids: [
    { command: 'raid', description: 'Launch a raid on an X post (admins)' },
    { command: 'leaderboard', description: 'Top raiders' },
  ],
  moderation: [
    { command: 'warn', description: 'Warn a member (reply, admins)' },
    { command: 'mute', description: 'Mute a member (reply, admins)' },
    { command: 'unmute', description: 'Unmute a member (reply, admins)' },
    { command: 'ban', description: 'Ban a member (reply, admins)' },
  ],
  tasks: [{ command: 'campaign', description: 'Campaigns of this group' }],
};

export function commandsFor(modules: readonly BotModule[]): { private: CommandLine[]; groups: CommandLine[] } {
  const parts = ['core' as const, ...modules];
  return { private: parts.flatMap((m) => PRIVATE[m]), groups: parts.flatMap((m) => GROUPS[m]) };
}
