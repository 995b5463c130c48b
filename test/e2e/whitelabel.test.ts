import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { addClientBot } from '../support/whitelabel.js';

describe('a client’s white-label bot', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers /start in its own branding without any restart', async () => {
    const owner = t.emulator.createUser({ firstName: 'Olga', username: 'olga' });
    const client = await addClientBot(t, { ownerId: owner.id, branding: { displayName: 'Acme Raiders', texts: { welcome: 'Welcome to the Acme army!' } } });
    const ann = t.emulator.createUser({ firstName: 'Ann' });
    await t.emulator.startBot(ann.id, client.id);
    const welcome = await t.emulator.waitForMessage({ userId: ann.id, botId: client.id }, (m) => m.from?.id === client.id, 15_000);
    expect(welcome.text).toMatch(/Acme army/);
  });
});
