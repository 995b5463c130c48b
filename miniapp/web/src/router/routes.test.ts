import { describe, expect, it } from 'vitest';
import { encodeStartParam } from '../../../shared/start-param';
import { initialStack, startParamOf } from './routes';

describe('initialStack', () => {
  it('opens home without a payload or with an unknown one', () => {
    expect(initialStack(null)).toEqual([{ view: 'home' }]);
    expect(initialStack('whatever_1_2_3')).toEqual([{ view: 'home' }]);
  });

  it('opens a group dashboard above home', () => {
    expect(initialStack(encodeStartParam({ view: 'group', chatId: -100123 }))).toEqual([{ view: 'home' }, { view: 'group', chatId: -100123 }]);
  });

  it("opens a raid's results above its group", () => {
    expect(initialStack(encodeStartParam({ view: 'raid', chatId: -5, raidId: '42' }))).toEqual([
      { view: 'home' },
      { view: 'group', chatId: -5 },
      { view: 'results', chatId: -5, raidId: '42' },
    ]);
  });

  it('opens my verdicts and X linking above home', () => {
    expect(initialStack('verdicts').at(-1)).toEqual({ view: 'verdicts' });
    expect(initialStack('link-x').at(-1)).toEqual({ view: 'link-x' });
  });

  it('opens my bots, and one of them above my bots (what /mybots and a registration link to)', () => {
    expect(initialStack(encodeStartParam({ view: 'bots' }))).toEqual([{ view: 'home' }, { view: 'bots' }]);
    expect(initialStack(encodeStartParam({ view: 'bot', botId: '7000000002' }))).toEqual([{ view: 'home' }, { view: 'bots' }, { view: 'bot', botId: '7000000002' }]);
  });
});

describe('startParamOf', () => {
  it("prefers Telegram's start param over the URL's startapp", () => {
    expect(startParamOf('g_-1', '?bot=1&startapp=verdicts')).toBe('g_-1');
    expect(startParamOf(undefined, '?bot=1&startapp=verdicts')).toBe('verdicts');
    expect(startParamOf('', '?bot=1')).toBeNull();
  });
});
