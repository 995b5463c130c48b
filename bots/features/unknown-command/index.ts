import { Composer } from 'grammy';
import type { WarhornContext } from '../../context.js';
import { PRIVATE_COMMANDS, unknownCommand } from './texts.js';

/** Edit distance, for "did you mean": commands are a few letters, so the plain table is plenty. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The closest command a private chat knows, if the typo is small enough to be one. */
export function closestCommand(typed: string): string | null {
  const lower = typed.toLowerCase();
  let best: { command: string; d: number } | null = null;
  for (const command of PRIVATE_COMMANDS) {
    const d = distance(lower, command);
    if (d <= Math.max(1, Math.floor(command.length / 3)) && (!best || d < best.d)) best = { command, d };
  }
  return best?.command ?? null;
}

/** Last in line: a command in a private chat that no feature took gets an answer rather than silence. In
 * groups the bot stays quiet, since the command may well be for another bot. */
export function unknownCommandFeature(): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  feature.chatType('private').on('message:entities:bot_command', async (ctx, next) => {
    const entity = ctx.msg.entities.find((e) => e.type === 'bot_command' && e.offset === 0);
    if (!entity) return next();
    const command = ctx.msg.text.slice(1, entity.length).split('@')[0]!;
    await ctx.send({ text: unknownCommand(command, closestCommand(command)) });
  });
  return feature;
}
