import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, chainHash, encodeEvent, type EventRecord } from './canonical.js';

describe('canonicalJson', () => {
  it('does not depend on key order or whitespace', () => {
    expect(canonicalJson('{"b": 1, "a": 2}')).toBe('{"a":2,"b":1}');
    expect(canonicalJson('{ "a":2 ,\n\t"b" : 1 }')).toBe(canonicalJson('{"b":1,"a":2}'));
  });

  it('sorts nested objects, keeps array order', () => {
    expect(canonicalJson('{"z": {"y": [3, {"d": 1, "c": [2, 1]}], "x": null}, "a": true}')).toBe(
      '{"a":true,"z":{"x":null,"y":[3,{"c":[2,1],"d":1}]}}',
    );
    expect(canonicalJson('[]')).toBe('[]');
    expect(canonicalJson('{}')).toBe('{}');
  });

  it('handles unicode: escaped and raw forms agree, non-ASCII stays raw, keys sort by code unit', () => {
    expect(canonicalJson('{"k": "caf\\u00e9 \\ud83d\\ude80"}')).toBe('{"k":"café 🚀"}');
    expect(canonicalJson('{"k": "café 🚀"}')).toBe('{"k":"café 🚀"}');
    // 'é' (U+00E9) sorts after 'z'; the astral key (surrogates D83D...) after both. Not locale order.
    expect(canonicalJson('{"🚀": 3, "é": 2, "z": 1, "Z": 0}')).toBe('{"Z":0,"z":1,"é":2,"🚀":3}');
    expect(canonicalJson('"line\\nbreak \\"q\\" \\\\ \\/ \\u0001"')).toBe(JSON.stringify('line\nbreak "q" \\ / \u0001'));
  });

  it('keeps numbers exactly as written (big integers stay exact, 1.0 is not 1)', () => {
    expect(canonicalJson('{"n": 12345678901234567890123, "f": 1.0, "neg": -0.5}')).toBe(
      '{"f":1.0,"n":12345678901234567890123,"neg":-0.5}',
    );
  });

  it('keeps big numbers passed as strings as strings', () => {
    const json = JSON.stringify({ amount: (2n ** 200n).toString(), chatId: '-1001234567890' });
    expect(canonicalJson(json)).toBe(`{"amount":"${(2n ** 200n).toString()}","chatId":"-1001234567890"}`);
    expect(canonicalJson('{"a": "1"}')).not.toBe(canonicalJson('{"a": 1}'));
  });

  it('lets the last duplicate key win, as jsonb does', () => {
    expect(canonicalJson('{"a": 1, "b": 2, "a": 3}')).toBe('{"a":3,"b":2}');
  });

  it('rejects malformed JSON', () => {
    for (const bad of ['{', '{"a" 1}', '[1,]', '"unterminated', '01', '{"a":1} x', 'nul']) {
      expect(() => canonicalJson(bad), bad).toThrow(/canonicalJson/);
    }
  });
});

describe('encodeEvent / chainHash', () => {
  const event: EventRecord = {
    seq: '1',
    id: '42',
    occurredAtUs: '1764000000123456',
    actorKind: 'user',
    actorId: '777',
    action: 'group.admin_added',
    subjectKind: 'group',
    subjectId: '-1001',
    dataJson: '{"b": [1, 2], "a": "x"}',
  };

  it('is a canonical JSON record with the data canonicalised inside', () => {
    expect(encodeEvent(event)).toBe(
      '{"action":"group.admin_added","actor":{"id":"777","kind":"user"},"data":{"a":"x","b":[1,2]},' +
        '"id":"42","occurredAtUs":"1764000000123456","seq":"1","subject":{"id":"-1001","kind":"group"},"v":1}',
    );
    expect(encodeEvent({ ...event, dataJson: '{"a":"x","b":[1,2]}' })).toBe(encodeEvent(event));
  });

  it('changes with every field, including the position in the chain', () => {
    const base = encodeEvent(event);
    const variants: Partial<EventRecord>[] = [
      { seq: '2' }, { id: '43' }, { occurredAtUs: '1764000000123457' }, { actorKind: 'bot' }, { actorId: null },
      { action: 'group.admin_removed' }, { subjectKind: 'user' }, { subjectId: '-1002' }, { dataJson: '{"a":"y","b":[1,2]}' },
    ];
    for (const v of variants) expect(encodeEvent({ ...event, ...v }), JSON.stringify(v)).not.toBe(base);
  });

  it('chains: sha256(prev || encoding), genesis is 32 zero bytes', () => {
    expect(GENESIS_HASH.equals(Buffer.alloc(32))).toBe(true);
    const h1 = chainHash(GENESIS_HASH, 'a');
    // sha256 of 32 zero bytes followed by 'a' (pinned so the layout cannot drift silently).
    expect(h1.toString('hex')).toBe('41a0370c3d9f42773a59e8e01651911cf43b1e3f66944cbb690029debc4eb647');
    expect(h1).toHaveLength(32);
    expect(chainHash(h1, 'b').equals(chainHash(GENESIS_HASH, 'b'))).toBe(false);
  });
});
