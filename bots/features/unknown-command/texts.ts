// Words of the answer to a mistyped command in a private chat.
import { escapeHtml as esc } from '../../html.js';
import { echo } from '../../../services/platform/echo.js';

/** Commands a private chat knows, for the answer to a mistyped one. */
export const PRIVATE_COMMANDS = ['start', 'help', 'linkx', 'linkwallet', 'myraid', 'appeal'] as const;

export function unknownCommand(command: string, closest: string | null): string {
  return `I don’t know /${esc(echo(command, 32))}.${closest ? ` Did you mean /${closest}?` : ''} /help lists what I can do.`;
}
