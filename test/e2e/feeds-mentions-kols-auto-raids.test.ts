import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/platform.js';
import { startFeedsWorld, type FeedsWorld } from '../support/feeds.js';

// Live mentions, KOLs and auto-raids as groups live them, against the Telegram emulator and the X fake: terms
// relayed and a flood summarised, KOLs ranked by engagement, and an auto-raid that opens on a new post of the
// group's own account, runs and is validated like any raid.
describe('mentions, KOLs and auto-raids in groups', () => {
  let w: FeedsWorld;
  let project: FeedsWorld['project'];
  let fan: FeedsWorld['fan'];

  beforeAll(async () => {
    w = await startFeedsWorld();
    ({ project, fan } = w);
  });
  afterAll(async () => {
    await w?.t.stop();
  });

  it('relays posts that mention the group’s terms and summarises a flood past its cap', async () => {
    const g = await w.group('Listening');
    const other = await w.group('Elsewhere');
    w.t.emulator.sendMessage(w.admin, g, '/set mentions.per_hour 2');
    await w.botSays(g, /mentions\.per_hour/);
    w.t.emulator.sendMessage(w.admin, g, '/mentions add $HORN');
    await w.botSays(g, /Relaying posts that mention <b>\$HORN<\/b>|Relaying posts that mention/);
    w.t.emulator.sendMessage(w.admin, g, '/mentions add from:elon');
    await w.botSays(g, /Usage: <code>\/mentions add|⚠️/);
    w.t.emulator.sendMessage(w.admin, other, '/mentions add #elsewhere');
    await w.botSays(other, /Relaying/);
    const voices = Array.from({ length: 6 }, (_, i) => w.t.x.createUser({ username: `voice_${i}`, createdAt: new Date('2020-01-01'), followers: 1000 + i }));
    for (const [i, v] of voices.entries()) w.t.x.post(v, `loading up on $HORN, take ${i}`);
    await eventually(() => w.botTexts(g).filter((text) => /loading up on/.test(text)).length >= 2, 'the first relays', 20_000);
    await w.botSays(g, /4 more posts mentioned/);
    expect(w.botTexts(g).filter((text) => /loading up on/.test(text))).toHaveLength(2);
    expect(w.botTexts(other).some((text) => /loading up on/.test(text))).toBe(false);
  }, 60_000);

  it('records what KOLs post about the project and ranks them by engagement in /kols', async () => {
    const g = await w.group('Influenced');
    w.t.emulator.sendMessage(w.admin, g, '/mentions add $KOLZ');
    await w.botSays(g, /Relaying/);
    const [loud, quiet] = [w.t.x.createUser({ username: 'loud_kol', followers: 90_000 }), w.t.x.createUser({ username: 'quiet_kol', followers: 5_000 })];
    w.t.emulator.sendMessage(w.admin, g, `/kols add @${loud.username}`);
    const added = await w.botSays(g, /loud_kol/);
    w.t.emulator.sendMessage(w.admin, g, `/kols add @${quiet.username}`);
    await w.botSays(g, /quiet_kol/, added.message_id);
    w.t.emulator.sendMessage(w.member, g, `/kols add @${fan.username}`);
    await w.botSays(g, /only admins/);
    const fans = Array.from({ length: 4 }, (_, i) => w.t.x.createUser({ username: `kolfan_${i}` }));
    const big = w.t.x.post(loud, '$KOLZ is the one this cycle');
    const small = w.t.x.post(quiet, 'looking at $KOLZ');
    w.t.x.post(loud, 'nothing about the project');
    for (const f of fans) w.t.x.like(f, big.id);
    w.t.x.repost(fans[0]!, big.id);
    w.t.x.like(fans[1]!, small.id);
    await eventually(async () => (await w.t.platform.kols!.ranking(g, new Date(Date.now() - 86_400_000), new Date(Date.now() + 60_000))).length === 2, 'both KOL posts to be recorded', 30_000);
    await w.t.platform.kols!.refreshDue();
    const before = w.t.emulator.messages(g).at(-1)?.message_id ?? 0;
    w.t.emulator.sendMessage(w.member, g, '/kols');
    const ranking = await w.botSays(g, /KOL mentions/, before);
    const text = ranking.text ?? '';
    expect(text.indexOf('loud_kol')).toBeGreaterThan(-1);
    expect(text.indexOf('loud_kol')).toBeLessThan(text.indexOf('quiet_kol'));
    expect(text).not.toContain(fan.username);
  }, 60_000);

  it("opens a raid on a new post of the group's own account, which runs and is validated like any raid", async () => {
    const g = await w.group('Auto');
    const old = w.t.x.post(project, 'posted before auto-raids were on');
    w.t.emulator.sendMessage(w.admin, g, `/autoraid @${project.username} replies=1 for=5m`);
    await w.botSays(g, /Auto-raids on/);
    w.t.emulator.sendMessage(w.admin, g, `/autoraid @${project.username} replies=abc`);
    await w.botSays(g, /Usage: <code>\/autoraid|Usage: \/autoraid/);
    const fresh = w.t.x.post(project, 'Raid this one 🚀');
    const card = await w.botSays(g, /RAID LIVE/);
    expect(card.text).toContain('Raid this one');
    const raid = await w.t.platform.raids.active(g);
    expect(raid?.postId).toBe(fresh.id);
    expect(raid?.postId).not.toBe(old.id);

    const mx = w.t.x.createUser({ username: 'mia_x', createdAt: new Date('2020-01-01'), followers: 500 });
    await w.t.platform.users.touch({ id: w.member, first_name: 'Mia' }, w.t.bot.id);
    expect(await w.t.platform.users.linkXAccount(w.member, mx, 'oauth')).toMatchObject({ ok: true });
    const pressed = await w.t.emulator.pressButton(w.member, g, card.message_id, `raid:claim:${raid!.id}`);
    expect(pressed.answer?.text).toMatch(/Claim recorded/);
    w.t.x.reply(mx, fresh.id, 'Love the new staking dashboard, fees are fair and the UI is clean');
    await w.botSays(g, /Raid over.*every target reached/s);
    await eventually(async () => (await w.t.platform.validation!.outcomeFor(raid!.id, w.member))?.verdict, 'the claim to be validated', 30_000);
    expect((await w.t.platform.validation!.outcomeFor(raid!.id, w.member))?.verdict).toBe('accepted');
    // Only one raid came of it.
    await new Promise((r) => setTimeout(r, 2000));
    expect(w.botTexts(g).filter((text) => /RAID (LIVE|ENDED)/.test(text)).length).toBeLessThanOrEqual(1);
  }, 90_000);
});
