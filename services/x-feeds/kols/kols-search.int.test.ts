import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedsHarness, type FeedsHarness } from '../feeds.test-support.js';
import { LEASE_MS } from '../poll-due.js';
import { admin, kolsHelpers } from './kols.test-support.js';

// Finding KOL posts that mention a group's project, against the X fake on real Postgres and Redis, on the
// fake's clock: what each group records, what X is asked, and what a crash or a changed list does.

let h: FeedsHarness;
let k: ReturnType<typeof kolsHelpers>;
let n = 0;
beforeAll(async () => {
  h = await startFeedsHarness('kols-search');
  k = kolsHelpers(h);
});
afterAll(async () => {
  await h.close();
});

describe('KOL posts about the project', () => {
  it("records a KOL's post that mentions the project once, and not one that does not, one from before it was added, or a repost", async () => {
    const kols = h.makeKols();
    const [kol, fan] = [k.account(), k.account('fan')];
    const group = await h.group(++n);
    await h.terms(group, '$moona', '#moonclub1', '"to the moon one"');
    const before = h.fake.post(kol, 'early call on \$MOONA');
    k.tick();
    const added = await kols.add(admin(group), `@${kol.username.toUpperCase()}`);
    expect(added).toMatchObject({ ok: true, created: true, kol: { xUserId: kol.id, username: kol.username }, terms: 3 });
    k.tick();
    const hit = h.fake.post(kol, '\$MOONA is going to the moon one day');
    const other = h.fake.post(kol, 'gm, nothing to see');
    const theirs = h.fake.post(fan, '#moonclub1 forever');
    h.fake.repost(kol, theirs.id);
    k.tick();
    const tagged = h.fake.post(kol, 'join #MoonClub1');
    await k.searchAll(kols);
    await k.searchAll(kols);

    expect(await k.mentioned(group)).toEqual([hit.id, tagged.id]);
    const events = await k.historyOf(group, 'feed.kol_post_recorded');
    expect(events.map((e) => e.postId)).toEqual([hit.id, tagged.id]);
    expect(events[0]).toMatchObject({ xUserId: kol.id });
    const [row] = await h.db.dataSource.query(`SELECT text, url FROM feeds.kol_posts WHERE post_id = $1`, [hit.id]);
    expect(row).toEqual({ text: '\$MOONA is going to the moon one day', url: `https://x.com/${kol.username}/status/${hit.id}` });
  });

  it('asks X the same for one group as for fifty with the same KOLs and terms', async () => {
    const kols = h.makeKols();
    const list = [k.account(), k.account(), k.account()];
    const setUp = async () => {
      const g = await h.group(++n);
      await h.terms(g, '$shareb', 'sharecoin2');
      for (const a of list) await kols.add(admin(g), a.username);
      return g;
    };
    const one = await setUp();
    k.tick();
    h.fake.post(list[0]!, 'buying \$SHAREB');
    let before = k.searchesFor(list[0]!.id);
    await k.searchAll(kols);
    const forOne = k.searchesFor(list[0]!.id) - before;

    const many = await Promise.all(Array.from({ length: 49 }, setUp));
    k.tick();
    const post = h.fake.post(list[2]!, 'sharecoin2 looks strong');
    before = k.searchesFor(list[0]!.id);
    await k.searchAll(kols);
    const forFifty = k.searchesFor(list[0]!.id) - before;

    expect(forOne).toBe(1);
    expect(forFifty).toBe(forOne);
    for (const g of [one, ...many]) expect(await k.mentioned(g)).toContain(post.id);
    expect(await k.mentioned(many[0]!)).toHaveLength(1);
  }, 60_000);

  it("splits a long KOL list over queries X accepts, and keeps each group's terms to that group", async () => {
    const kols = h.makeKols();
    const list = Array.from({ length: 30 }, () => k.account());
    const [big, other] = [await h.group(++n), await h.group(++n)];
    await h.terms(big, '$splitc');
    await h.terms(other, '$elsewc');
    for (const a of list) await kols.add(admin(big), a.username);
    await kols.add(admin(other), list[29]!.username);
    k.tick();
    const posts = list.map((a, i) => h.fake.post(a, `\$SPLITC number ${i}`));
    const elsewhere = h.fake.post(list[29]!, '\$ELSEWC too');
    await k.searchAll(kols);
    expect(await k.mentioned(big)).toEqual(posts.map((p) => p.id));
    expect(await k.mentioned(other)).toEqual([elsewhere.id]);
    const [{ queries }] = await h.db.dataSource.query(`SELECT count(*)::int AS queries FROM feeds.kol_queries WHERE $1 = ANY(chat_ids)`, [big]);
    expect(queries).toBeGreaterThan(1);
    const refused = h.fake.requests().filter((r) => r.endpoint === 'GET /2/tweets/search/recent' && r.status !== 200);
    expect(refused).toEqual([]);
  });

  it('hands a changed list over without a gap for the KOLs the group had, and without the new KOL\'s earlier posts', async () => {
    const kols = h.makeKols();
    const [a, b] = [k.account(), k.account()];
    const group = await h.group(++n);
    await h.terms(group, '$handd');
    await kols.add(admin(group), a.username);
    k.tick();
    const first = h.fake.post(a, '\$HANDD one');
    await k.searchAll(kols);
    k.tick();
    const between = h.fake.post(a, '\$HANDD while the list changes');
    const earlier = h.fake.post(b, '\$HANDD before anyone tracked me');
    k.tick();
    await kols.add(admin(group), b.username);
    k.tick();
    const after = h.fake.post(b, '\$HANDD now tracked');
    await k.searchAll(kols);
    expect(await k.mentioned(group)).toEqual([first.id, between.id, after.id]);
    expect(await k.mentioned(group)).not.toContain(earlier.id);

    expect(await kols.remove(admin(group), `@${a.username}`)).toEqual({ ok: true, username: a.username });
    expect(await kols.remove(admin(group), a.username)).toEqual({ ok: false, reason: 'not_tracked' });
    k.tick();
    const gone = h.fake.post(a, '\$HANDD after removal');
    await k.searchAll(kols);
    expect(await k.mentioned(group)).not.toContain(gone.id);
    expect((await k.historyOf(group, 'feed.kol_removed')).map((e) => e.username)).toEqual([a.username]);
  });

  it('records nothing twice and skips nothing when a worker dies between reading X and committing', async () => {
    const kol = k.account();
    const group = await h.group(++n);
    await h.terms(group, '$crashe');
    let crashes = 1;
    const dying = h.makeKols({}, {}, () => {
      if (crashes-- > 0) throw new Error('killed mid-search');
    });
    await dying.add(admin(group), kol.username);
    k.tick();
    const posts = [h.fake.post(kol, '\$CRASHE one'), h.fake.post(kol, '\$CRASHE two')];
    await k.searchAll(dying);
    expect(crashes).toBeLessThan(1);
    k.tick(LEASE_MS);
    posts.push(h.fake.post(kol, '\$CRASHE three'));
    await k.searchAll(dying);
    expect(await k.mentioned(group)).toEqual(posts.map((p) => p.id));
    expect(await k.historyOf(group, 'feed.kol_post_recorded')).toHaveLength(3);
  });

  it('refuses a bad handle, an unknown account and a KOL past the limit, and asks X only for accounts it does not know', async () => {
    const kols = h.makeKols({ maxKolsPerGroup: 2 });
    const group = await h.group(++n);
    const lookups = () => h.count('GET /2/users/by/username/:username');
    let before = lookups();
    expect(await kols.add(admin(group), 'not a handle!')).toEqual({ ok: false, reason: 'bad_handle' });
    expect(lookups()).toBe(before);
    expect(await kols.add(admin(group), 'nobody_here_6')).toEqual({ ok: false, reason: 'not_found' });
    const [a, b, c] = [k.account(), k.account(), k.account()];
    expect(await kols.add(admin(group), a.username)).toMatchObject({ ok: true, created: true, terms: 0 });
    // Another group's KOL is known: no second lookup.
    const second = await h.group(++n);
    before = lookups();
    expect(await kols.add(admin(second), a.username)).toMatchObject({ ok: true, created: true });
    expect(lookups()).toBe(before);
    await kols.add(admin(group), b.username);
    expect(await kols.add(admin(group), c.username)).toEqual({ ok: false, reason: 'limit', limit: 2 });
    expect(await kols.add(admin(group), a.username)).toMatchObject({ ok: true, created: false });
    expect((await kols.list(group)).map((r) => r.username)).toEqual([a.username, b.username].sort());
  });
});
