import { callbackData } from '../../callback-data.js';

/** The Check button under the bio code: "look at my X bio now". No data of its own: the code is the
 * member's pending one. */
export const checkBioButton = callbackData<void>({
  pattern: /^linkx:check$/,
  build: () => 'linkx:check',
  parse: () => undefined,
});
