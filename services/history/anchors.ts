// Anchors: the chain's head published outside the database. A database superuser can remove the newest
// events with their seals, truncate both tables, or alter an event and recompute every hash after it, and the
// chain still checks out against itself. It cannot reach what was published elsewhere: an append-only file the
// operator keeps (a mounted volume, a bucket with object lock), and a message in an operators' Telegram
// channel. `warhorn history verify` compares the chain with the last anchors it is given.
import { appendFile, open, readFile } from 'node:fs/promises';

export interface Anchor {
  /** The seal's position in the chain. */
  seq: string;
  /** Hex SHA-256 of the chain up to and including that seal. */
  hash: string;
  /** The event sealed there. */
  eventId: string;
  /** When it was published (ISO 8601). */
  at: string;
}

/** One JSON line per anchor, flushed to disk before it counts as published. */
export async function appendAnchor(path: string, anchor: Anchor): Promise<void> {
  await appendFile(path, `${JSON.stringify(anchor)}\n`, { flag: 'a' });
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The anchors of a file; a last line cut short (a crash while appending) is left out. */
export async function readAnchors(path: string): Promise<Anchor[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const anchors: Anchor[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const a = JSON.parse(line) as Anchor;
      if (/^\d+$/.test(a.seq) && /^[0-9a-f]{64}$/.test(a.hash)) anchors.push(a);
    } catch {
      // A torn last line: the anchor before it still stands.
    }
  }
  return anchors;
}

/** The text of the operators' channel message: what `verify --anchor` can be given by hand. */
export const anchorText = (a: Anchor) => `🔗 History anchor: seq ${a.seq}, event ${a.eventId}, head ${a.hash} (${a.at})`;
