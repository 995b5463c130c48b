// The chain hashes a canonical text of each event, so the same event always yields the same bytes whatever
// the session (time zone, DateStyle, extra_float_digits) or the key order Postgres happened to store.
// Pure functions only: seal.ts and verify.ts must agree byte for byte, so both use these.
import { createHash } from 'node:crypto';

/** prev_hash of the first seal. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/** Bumped if the encoding ever changes, so old seals stay verifiable by the old rules. */
export const ENCODING_VERSION = 1;

/** An event as read back from the database for hashing: every number is already a decimal string. */
export interface EventRecord {
  seq: string;
  id: string;
  /** occurred_at as integer microseconds since the Unix epoch, computed in SQL (never timestamptz::text). */
  occurredAtUs: string;
  actorKind: string;
  actorId: string | null;
  action: string;
  subjectKind: string;
  subjectId: string;
  /** `data::text` of the jsonb column. */
  dataJson: string;
}

/**
 * Canonical JSON of a JSON text: no insignificant whitespace, object keys sorted recursively by UTF-16 code
 * units (as RFC 8785), strings re-escaped the way JSON.stringify does. Numbers keep their exact decimal text:
 * going through a JS number would round integers above 2^53 and turn 1.0 into 1. The input comes from
 * jsonb::text, which has already normalised numbers (no exponents) and removed duplicate keys.
 */
export function canonicalJson(text: string): string {
  const parser = new Parser(text);
  parser.skipSpace();
  const out = parser.value();
  parser.skipSpace();
  if (parser.pos !== text.length) parser.fail('trailing characters');
  return out;
}

/** The canonical text of one chain entry. The seq is inside, so a seal cannot be moved to another position. */
export function encodeEvent(e: EventRecord): string {
  const head = JSON.stringify({
    v: ENCODING_VERSION,
    seq: e.seq,
    id: e.id,
    occurredAtUs: e.occurredAtUs,
    actor: { kind: e.actorKind, id: e.actorId },
    action: e.action,
    subject: { kind: e.subjectKind, id: e.subjectId },
  });
  // Splice the stored data in as text, then canonicalise the whole record (sorts the outer keys too).
  return canonicalJson(`${head.slice(0, -1)},"data":${e.dataJson}}`);
}

/** hash = sha256(prev_hash || utf8(canonical event)). */
export function chainHash(prevHash: Buffer, encoded: string): Buffer {
  return createHash('sha256').update(prevHash).update(encoded, 'utf8').digest();
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(why: string): never {
    throw new Error(`canonicalJson: ${why} at offset ${this.pos}`);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }

  value(): string {
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return JSON.stringify(this.string());
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return word;
      }
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail('unexpected character');
    this.pos += m[0].length;
    return m[0];
  }

  private object(): string {
    this.pos++; // {
    const entries = new Map<string, string>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return '{}';
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a key');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      this.skipSpace();
      entries.delete(key); // last duplicate wins, as in jsonb
      entries.set(key, this.value());
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === '}') break;
      if (c !== ',') this.fail("expected ',' or '}'");
    }
    // Plain code-unit order (not localeCompare): the result must not depend on the machine's locale.
    const keys = [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${entries.get(k)}`).join(',')}}`;
  }

  private array(): string {
    this.pos++; // [
    const items: string[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return '[]';
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value());
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ']') break;
      if (c !== ',') this.fail("expected ',' or ']'");
    }
    return `[${items.join(',')}]`;
  }

  /** Decodes a JSON string literal starting at the opening quote. */
  private string(): string {
    const t = this.text;
    let start = ++this.pos;
    let out = '';
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (Number.isNaN(c)) this.fail('unterminated string');
      if (c === 0x22) {
        out += t.slice(start, this.pos++);
        return out;
      }
      if (c < 0x20) this.fail('control character in string');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(start, this.pos);
      const e = t[this.pos + 1];
      this.pos += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          this.fail('bad escape');
      }
      start = this.pos;
    }
  }
}
