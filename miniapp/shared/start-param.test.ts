import { describe, expect, it } from 'vitest';
import { decodeStartParam, encodeStartParam, type StartRoute } from './start-param.js';

const raidId = '9007199254740993';

describe('the startapp payload', () => {
  it('opens the view a link names, for groups (negative ids) and raids alike', () => {
    const routes: StartRoute[] = [{ view: 'home' }, { view: 'group', chatId: -1001234567890 }, { view: 'raid', chatId: -1001234567890, raidId }, { view: 'group', chatId: -42 }, { view: 'verdicts' }, { view: 'link-x' }, { view: 'bots' }, { view: 'bot', botId: '7000000001' }];
    for (const route of routes) expect(decodeStartParam(encodeStartParam(route))).toEqual(route);
    expect(encodeStartParam({ view: 'raid', chatId: -100, raidId })).toBe(`r_-100_${raidId}`);
  });

  it('stays within what Telegram accepts in a startapp link', () => {
    const payload = encodeStartParam({ view: 'raid', chatId: -1009999999999999, raidId });
    expect(payload).toMatch(/^[A-Za-z0-9_-]{1,512}$/);
  });

  it('opens the home view for anything stale, unknown or hand-typed', () => {
    for (const bad of [undefined, null, '', 'g_', 'g_abc', 'g_1_2', 'r_-100_not-a-number', 'r_-100_0', 'r_-100_12345678901234567890', 'x_1', `r_-100_${raidId}_extra`, 'g_99999999999999999', 'b_', 'b_0', 'b_x1']) {
      expect(decodeStartParam(bad)).toEqual({ view: 'home' });
    }
  });
});
