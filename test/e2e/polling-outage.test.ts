import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../services/platform/database.js';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

// Long polling is the mode most self-hosters start with: it must not lose an update whose handler meets a
// database outage. The platform reaches Postgres through a relay the test cuts, as if the host went away.
describe('long polling through a Postgres outage', () => {
  const name = `warhorn_e2e_poll_${randomBytes(4).toString('hex')}`;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let t: TestPlatform;

  beforeAll(async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    t = await startTestPlatform({ mode: 'polling', databaseUrl: `postgres://postgres@127.0.0.1:${proxy.port}/${name}` });
  });

  afterAll(async () => {
    proxy?.restore();
    await t?.stop();
    await proxy?.close();
    await dropDatabase(`postgres://postgres@127.0.0.1:5432/${name}`);
  });

  const retries = async () => {
    const text = await t.platform.metrics.getSingleMetricAsString('warhorn_bot_polling_retries_total');
    return text.split('\n').filter((l) => l.startsWith('warhorn_bot_polling_retries_total{')).reduce((n, l) => n + Number(l.split(' ').pop()), 0);
  };

  it('handles an update that met the outage once, after Postgres is back', async () => {
    const kim = t.emulator.createUser({ firstName: 'Kim' });
    proxy.cut();
    await t.emulator.startBot(kim.id, t.bot.id);
    await eventually(async () => (await retries()) >= 3, 'the update to be tried again while Postgres is away');
    const fromBot = () => t.emulator.messages({ userId: kim.id, botId: t.bot.id }, { fromBotsOnly: true });
    expect(fromBot()).toHaveLength(0);

    proxy.restore();
    await t.emulator.waitForMessage({ userId: kim.id, botId: t.bot.id }, (m) => m.from?.id === t.bot.id, 20_000);
    // Long enough for a second copy of the answer to have arrived, were the update handled twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(fromBot().map((m) => m.text)).toEqual([expect.stringMatching(/Hi Kim/)]);
    const registered = (await t.platform.history.list({ subjectKind: 'user', subjectId: String(kim.id) })).filter((e) => e.action === 'user.registered');
    expect(registered).toHaveLength(1);
  });
});
