import { describe, expect, it } from 'vitest';
import { dataPositions, encodeQr, formatBits, functionLayout, gfMultiply, maskFunction, qrSvg, reedSolomon, type QrCode } from './qr-code.js';

// A reader written against the standard's layout: format bits from both copies, the mask undone, the
// codewords read in zigzag order, de-interleaved, checked by Reed-Solomon syndromes, then the byte segment.
const BLOCKS: Record<number, { data: number; blocks: number; ec: number }> = {
  1: { data: 16, blocks: 1, ec: 10 }, 2: { data: 28, blocks: 1, ec: 16 }, 3: { data: 44, blocks: 1, ec: 26 }, 4: { data: 32, blocks: 2, ec: 18 }, 5: { data: 43, blocks: 2, ec: 24 },
};

function syndromesZero(codeword: number[], ec: number): boolean {
  // Evaluate the received polynomial at alpha^0..alpha^(ec-1): all zero for a valid RS codeword.
  let alpha = 1;
  for (let i = 0; i < ec; i++) {
    let s = 0;
    for (const c of codeword) s = gfMultiply(s, alpha) ^ c;
    if (s !== 0) return false;
    alpha = gfMultiply(alpha, 2);
  }
  return true;
}

function read(qr: QrCode): { text: string; level: number; mask: number } {
  const m = qr.modules;
  const size = m.length;
  let first = 0;
  let second = 0;
  const b = (x: number, y: number) => (m[y]![x] ? 1 : 0);
  const firstCoords: Array<[number, number]> = [[8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5], [8, 7], [8, 8], [7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8]];
  firstCoords.forEach(([x, y], i) => (first |= b(x, y) << i));
  for (let i = 0; i < 8; i++) second |= b(size - 1 - i, 8) << i;
  for (let i = 8; i < 15; i++) second |= b(8, size - 15 + i) << i;
  expect(second).toBe(first);
  const format = first ^ 0x5412;
  const level = format >>> 13;
  const mask = (format >>> 10) & 7;
  expect(formatBits(mask)).toBe(first);
  const unmask = maskFunction(mask);
  const bits = dataPositions(functionLayout(qr.version).isFunction).map(([x, y]) => (m[y]![x] !== unmask(x, y) ? 1 : 0));
  const spec = BLOCKS[qr.version]!;
  const total = spec.blocks * (spec.data + spec.ec);
  const codewords = Array.from({ length: total }, (_, i) => bits.slice(i * 8, i * 8 + 8).reduce((a: number, v) => (a << 1) | v, 0));
  const blocks = Array.from({ length: spec.blocks }, () => [] as number[]);
  codewords.forEach((c, i) => blocks[(i < spec.data * spec.blocks ? i : i - spec.data * spec.blocks) % spec.blocks]!.push(c));
  for (const block of blocks) expect(syndromesZero(block, spec.ec)).toBe(true);
  const data = blocks.flatMap((block) => block.slice(0, spec.data));
  const stream = data.flatMap((c) => Array.from({ length: 8 }, (_, i) => (c >>> (7 - i)) & 1));
  const take = (at: number, n: number) => stream.slice(at, at + n).reduce((a: number, v) => (a << 1) | v, 0);
  expect(take(0, 4)).toBe(0b0100);
  const count = take(4, 8);
  const bytes = Array.from({ length: count }, (_, i) => take(12 + i * 8, 8));
  return { text: new TextDecoder().decode(new Uint8Array(bytes)), level, mask };
}

describe('the QR encoder', () => {
  it("computes Reed-Solomon codewords as the standard's worked example (HELLO WORLD, 1-M)", () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
    expect(reedSolomon(data, 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
  });

  it('writes the format bits of level M from the published table', () => {
    expect(formatBits(0).toString(2).padStart(15, '0')).toBe('101010000010010');
    expect(formatBits(5).toString(2).padStart(15, '0')).toBe('100000011001110');
    expect(formatBits(3).toString(2).padStart(15, '0')).toBe('101101101001011');
    expect(formatBits(7).toString(2).padStart(15, '0')).toBe('100101010100000');
  });

  it('encodes a deposit URI in version 4 that reads back to the same text, at level M', () => {
    const uri = 'ethereum:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
    const qr = encodeQr(uri);
    expect(qr.version).toBe(4);
    expect(qr.size).toBe(33);
    const back = read(qr);
    expect(back.text).toBe(uri);
    expect(back.level).toBe(0);
    expect(back.mask).toBe(qr.mask);
    // The finder pattern's dark ring and centre, the timing row and the dark module.
    expect(qr.modules[0]!.slice(0, 8)).toEqual([true, true, true, true, true, true, true, false]);
    expect(qr.modules[6]!.slice(8, qr.size - 8)).toEqual(Array.from({ length: qr.size - 16 }, (_, i) => i % 2 === 0));
    expect(qr.modules[qr.size - 8]![8]).toBe(true);
  });

  it('picks the smallest version for each length, and refuses what does not fit version 5', () => {
    for (const [length, version] of [[1, 1], [14, 1], [15, 2], [26, 2], [27, 3], [42, 3], [43, 4], [62, 4], [63, 5], [84, 5]] as const) {
      const text = 'x'.repeat(length);
      const qr = encodeQr(text);
      expect(qr.version, `${length} bytes`).toBe(version);
      expect(read(qr).text).toBe(text);
    }
    expect(read(encodeQr('naïve ✓')).text).toBe('naïve ✓');
    expect(() => encodeQr('x'.repeat(85))).toThrow(RangeError);
  });

  it('draws an SVG with a quiet zone', () => {
    const svg = qrSvg('ethereum:0x0000000000000000000000000000000000000000');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 41 41"/);
    expect(svg).toContain('M4 4h1v1h-1z');
  });
});
