import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../api/types';
import { createFormat } from '../format';
import { en } from '../texts/en';
import { actorOf, eventTitle } from './history-lines';

const event = (action: string, data: Record<string, unknown>, actor: HistoryEvent['actor'] = { kind: 'user', id: '42' }): HistoryEvent => ({
  id: '1', seq: '1', sealed: true, at: '2026-03-01T12:00:00.000Z', action, actor, subject: { kind: 'group', id: '-100' }, data,
});
const format = createFormat('en');

describe('eventTitle', () => {
  it('says a setting change with its label and its value as /settings would', () => {
    expect(eventTitle(event('group.settings_changed', { key: 'raid.duration', value: 45 }), en, format)).toBe('Default length set to 45 min');
    expect(eventTitle(event('group.settings_changed', { key: 'raid.lock', value: true }), en, format)).toBe('Lock the chat during raids set to On');
    expect(eventTitle(event('group.settings_changed', { key: 'rewards.token', value: null }), en, format)).toBe('Reward token set to none');
  });

  it('names the bot becoming an admin, and shows an unknown action as itself', () => {
    expect(eventTitle(event('group.admin_added', { userId: '7', isBot: true, status: 'administrator' }), en, format)).toBe('The bot became an admin');
    expect(eventTitle(event('group.something_new', {}), en, format)).toBe('group.something_new');
  });
});

describe('actorOf', () => {
  it('names users by id, and the bot and Warhorn by what they are', () => {
    expect(actorOf(event('x', {}), en)).toBe('User 42');
    expect(actorOf(event('x', {}, { kind: 'system' }), en)).toBe('Warhorn');
    expect(actorOf(event('x', {}, { kind: 'bot', id: '7' }), en)).toBe('The bot');
  });
});
