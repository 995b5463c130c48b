import { callbackData } from '../../callback-data.js';

/** The buttons under a withdrawal's confirmation: `wd:go:<ticket>` / `wd:no:<ticket>`. The request itself
 * (asset, amount, wallet) waits in Redis under the ticket: it does not fit Telegram's 64 bytes. */
export const withdrawButton = callbackData<{ go: boolean; ticket: string }>({
  pattern: /^wd:(go|no):([A-Za-z0-9_-]{12})$/,
  build: ({ go, ticket }) => `wd:${go ? 'go' : 'no'}:${ticket}`,
  parse: (m) => ({ go: m[1] === 'go', ticket: m[2]! }),
});
