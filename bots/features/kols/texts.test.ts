import { describe, expect, it } from 'vitest';
import { cid, uid } from '../../../services/platform/telegram-ids.test-support.js';
import { addAnswer, kolsList, KOLS_USAGE, parseKolsArgs, removeAnswer } from './texts.js';

describe('/kols arguments', () => {
  it('reads the ranking, the list, add and remove, in any case, and nothing else', () => {
    expect(parseKolsArgs('')).toEqual({ kind: 'ranking' });
    expect(parseKolsArgs('  LIST ')).toEqual({ kind: 'list' });
    expect(parseKolsArgs('add @Alice_1')).toEqual({ kind: 'add', handle: '@Alice_1' });
    expect(parseKolsArgs('Remove bob')).toEqual({ kind: 'remove', handle: 'bob' });
    for (const bad of ['add', 'remove', 'list all', 'add a b', 'top', 'week']) expect(parseKolsArgs(bad)).toBeNull();
  });
});

describe('/kols answers', () => {
  const kol = { xUserId: '1', username: 'alice', name: 'Alice <3' };

  it('says from when an added KOL counts, and warns when the group has no terms to match', () => {
    expect(addAnswer({ ok: true, created: true, kol, terms: 2 }, '@alice')).toBe(
      '✅ Tracking <a href="https://x.com/alice">@alice</a>. Its posts that mention the project count from now on; earlier ones do not.',
    );
    expect(addAnswer({ ok: true, created: false, kol, terms: 0 }, 'alice')).toMatch(/already one of this group’s KOLs\.\n\n⚠️ This group has no mention terms yet/);
  });

  it('refuses with the reason, escaping what was typed', () => {
    expect(addAnswer({ ok: false, reason: 'bad_handle' }, '<b>nope</b>')).toBe(`⚠️ <code>&lt;b&gt;nope&lt;/b&gt;</code> is not an X handle (1–15 letters, digits or _).\n\n${KOLS_USAGE}`);
    expect(addAnswer({ ok: false, reason: 'not_found' }, '@ghost')).toBe('⚠️ X has no account @ghost.');
    expect(addAnswer({ ok: false, reason: 'limit', limit: 50 }, 'x')).toMatch(/already tracks 50 KOLs/);
    expect(removeAnswer({ ok: false, reason: 'not_tracked' }, '@bob')).toBe('@bob is not one of this group’s KOLs. <code>/kols list</code> shows them.');
    expect(removeAnswer({ ok: true, username: 'Bob' }, 'bob')).toMatch(/^Stopped tracking @Bob\./);
  });

  it('lists the KOLs with their names escaped and since when, or says there are none', () => {
    const row = { chatId: cid(-100), ...kol, addedBy: uid(7), addedAt: new Date('2026-11-02T10:00:00Z') };
    expect(kolsList([row])).toBe('<b>KOLs this group tracks</b> (1)\n• <a href="https://x.com/alice">@alice</a> (Alice &lt;3) — since Nov 2 2026');
    expect(kolsList([])).toBe(`This group tracks no KOL yet.\n\n${KOLS_USAGE}`);
  });
});
