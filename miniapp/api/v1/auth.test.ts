// The authentication hook remembers initData it has validated (an app sends the same string with every
// request), but never past its age: a session left open longer than MINIAPP_INIT_DATA_MAX_AGE_S is refused
// even though the string once passed.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { signInitData } from '../../../testkit/telegram/init-data.js';
import { silentLogger } from '../../../services/platform/logger.js';
import { installAuthentication } from './auth.js';
import { installErrorHandler } from './errors.js';

const token = '4242:AAFakeButWellFormedTokenForTests_abcdef';

function appAt(clock: { now: () => Date }) {
  const touched: number[] = [];
  const app = Fastify();
  installErrorHandler(app, silentLogger());
  installAuthentication(app, {
    bots: { resolve: async (id) => (id === 4242 ? { id, token } : undefined) },
    // Who was registered: the users service's part in this, kept in a list.
    users: { touch: async (profile) => (touched.push(profile.id), { created: false }) },
    log: silentLogger(),
    clock,
    initDataMaxAgeS: 60,
  });
  app.get('/who', async (request) => ({ id: request.caller?.userId }));
  return { app, touched };
}

describe('authentication over a long session', () => {
  it('answers the same initData again while it is young, and refuses it once it is older than the limit', async () => {
    let now = Date.now();
    const { app, touched } = appAt({ now: () => new Date(now) });
    const initData = signInitData(token, { user: { id: 77, first_name: 'Kim' }, authDate: Math.floor(now / 1000) });
    const ask = () => app.inject({ method: 'GET', url: '/who', headers: { authorization: `tma ${initData}`, 'x-warhorn-bot': '4242' } });
    expect((await ask()).json()).toEqual({ id: 77 });
    now += 30_000;
    expect((await ask()).json()).toEqual({ id: 77 });
    now += 31_000;
    const late = await ask();
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('init_data_expired');
    expect(touched).toEqual([77, 77]);
  });
});
