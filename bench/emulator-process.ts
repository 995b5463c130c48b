// The Bot API emulator in a process of its own, as Telegram is on a machine of its own: sharing the event
// loop with fifty delivery workers would delay its clock by their work and make arrivals bunch in a way
// no real network does. Prints its API root once listening; stops when its parent goes.
import { startTelegramEmulator } from '../testkit/telegram/index.js';

const emulator = await startTelegramEmulator({ floodLimits: true });
process.send?.({ apiRoot: emulator.apiRoot });
process.on('disconnect', () => {
  void emulator.close().then(() => process.exit(0));
});
