import { describe, expect, it } from 'vitest';
import { commandsFor } from './commands.js';

const names = (lines: Array<{ command: string }>) => lines.map((l) => l.command);

describe("a bot's / menu", () => {
  it('lists only the commands of the modules the bot has', () => {
    const moderationOnly = commandsFor(['moderation']);
    expect(names(moderationOnly.groups)).toEqual(['help', 'settings', 'warn', 'mute', 'unmute', 'ban']);
    expect(names(moderationOnly.groups)).not.toContain('raid');
    expect(names(moderationOnly.private)).toEqual(['start', 'help']);
    expect(names(commandsFor(['raids', 'tasks']).private)).toEqual(['start', 'help', 'balance', 'withdraw', 'tasks']);
  });

  it('keeps every command within Telegram’s rules (1–32 lowercase letters, digits, underscores; a 1–256 character description)', () => {
    const all = commandsFor(['raids', 'moderation', 'tasks']);
    for (const line of [...all.private, ...all.groups]) {
      expect(line.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(line.description.length).toBeGreaterThan(0);
      expect(line.description.length).toBeLessThanOrEqual(256);
    }
    expect(all.groups.length).toBeLessThanOrEqual(100);
  });
});
