// A small QR code encoder (ISO/IEC 18004): byte mode, error correction level M, versions 1-5 (up to 84
// bytes), enough for an `ethereum:0x…` payment URI (51 bytes, version 4). Written here because the project
// has no QR library installed and takes no new dependency without a review; the deposit route draws the
// group's address with it as SVG on the server, so the front end needs no encoder of its own either.
// Structure after Project Nayuki's reference implementation (MIT), cut down to what these versions need.

/** Per version 1-5 at level M: data codewords per block, blocks, EC codewords per block, alignment centre. */
const VERSIONS: ReadonlyArray<{ dataPerBlock: number; blocks: number; ecPerBlock: number; align: number | null }> = [
  { dataPerBlock: 16, blocks: 1, ecPerBlock: 10, align: null },
  { dataPerBlock: 28, blocks: 1, ecPerBlock: 16, align: 18 },
  { dataPerBlock: 44, blocks: 1, ecPerBlock: 26, align: 22 },
  { dataPerBlock: 32, blocks: 2, ecPerBlock: 18, align: 26 },
  { dataPerBlock: 43, blocks: 2, ecPerBlock: 24, align: 30 },
];

export interface QrCode {
  version: number;
  size: number;
  mask: number;
  /** modules[y][x]: true is dark. */
  modules: boolean[][];
}

/** GF(2^8) product modulo x^8 + x^4 + x^3 + x^2 + 1 (0x11D), the field of QR's Reed-Solomon codes. */
export function gfMultiply(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z & 0xff;
}

/** The `degree` error correction codewords of `data` (the remainder by the generator polynomial). */
export function reedSolomon(data: readonly number[], degree: number): number[] {
  const divisor = new Array<number>(degree).fill(0);
  divisor[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      divisor[j] = gfMultiply(divisor[j]!, root);
      if (j + 1 < degree) divisor[j]! ^= divisor[j + 1]!;
    }
    root = gfMultiply(root, 0x02);
  }
  const result = new Array<number>(degree).fill(0);
  for (const b of data) {
    const factor = b ^ result.shift()!;
    result.push(0);
    divisor.forEach((coef, i) => (result[i]! ^= gfMultiply(coef, factor)));
  }
  return result;
}

/** The 15 format bits of level M (00) and a mask: BCH(15,5) code, XOR 0x5412. */
export function formatBits(mask: number): number {
  const data = (0 << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

const bit = (x: number, i: number) => ((x >>> i) & 1) !== 0;

/** The data codewords of `bytes` for a version: mode 0100, an 8-bit count, the bytes, terminator, pad. */
function dataCodewords(bytes: Uint8Array, capacity: number): number[] {
  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4);
  put(bytes.length, 8);
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, capacity * 8 - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  for (let pad = 0xec; bits.length < capacity * 8; pad ^= 0xec ^ 0x11) put(pad, 8);
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  return out;
}

/** Data then EC codewords, interleaved across the blocks as the standard lays them out. */
function interleaved(data: number[], v: (typeof VERSIONS)[number]): number[] {
  const blocks = Array.from({ length: v.blocks }, (_, i) => data.slice(i * v.dataPerBlock, (i + 1) * v.dataPerBlock));
  const ecs = blocks.map((b) => reedSolomon(b, v.ecPerBlock));
  const out: number[] = [];
  for (let i = 0; i < v.dataPerBlock; i++) for (const b of blocks) out.push(b[i]!);
  for (let i = 0; i < v.ecPerBlock; i++) for (const e of ecs) out.push(e[i]!);
  return out;
}

const MASKS: ReadonlyArray<(x: number, y: number) => boolean> = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** The function patterns of a version (finders, separators, timing, alignment, dark module, format area). */
export function functionLayout(version: number): { modules: boolean[][]; isFunction: boolean[][] } {
  const size = 17 + 4 * version;
  const modules = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const isFunction = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const set = (x: number, y: number, dark: boolean) => {
    modules[y]![x] = dark;
    isFunction[y]![x] = true;
  };
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]] as const) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, d !== 2 && d !== 4);
      }
    }
  }
  const align = VERSIONS[version - 1]!.align;
  if (align !== null) {
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(align + dx, align + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
  }
  drawFormat(set, size, 0); // reserved now, drawn for real once the mask is chosen
  return { modules, isFunction };
}

function drawFormat(set: (x: number, y: number, dark: boolean) => void, size: number, mask: number): void {
  const bits = formatBits(mask);
  for (let i = 0; i <= 5; i++) set(8, i, bit(bits, i));
  set(8, 7, bit(bits, 6));
  set(8, 8, bit(bits, 7));
  set(7, 8, bit(bits, 8));
  for (let i = 9; i < 15; i++) set(14 - i, 8, bit(bits, i));
  for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(bits, i));
  for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(bits, i));
  set(8, size - 8, true);
}

/** The modules codewords fill, in the standard's zigzag order: two columns at a time from the right. */
export function dataPositions(isFunction: boolean[][]): Array<[x: number, y: number]> {
  const size = isFunction.length;
  const out: Array<[number, number]> = [];
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? size - 1 - vert : vert;
        if (!isFunction[y]![x]) out.push([x, y]);
      }
    }
  }
  return out;
}

export function maskFunction(mask: number): (x: number, y: number) => boolean {
  return MASKS[mask]!;
}

/** The standard's four penalty rules: runs, 2x2 blocks, finder-like patterns, dark/light balance. */
function penalty(m: boolean[][]): number {
  const size = m.length;
  let score = 0;
  const lines: boolean[][] = [...m, ...m[0]!.map((_, x) => m.map((row) => row[x]!))];
  for (const line of lines) {
    let run = 1;
    for (let i = 1; i <= size; i++) {
      if (i < size && line[i] === line[i - 1]) run++;
      else {
        if (run >= 5) score += 3 + (run - 5);
        run = 1;
      }
    }
    const s = line.map((d) => (d ? '1' : '0')).join('');
    for (const p of ['10111010000', '00001011101']) for (let i = s.indexOf(p); i >= 0; i = s.indexOf(p, i + 1)) score += 40;
  }
  for (let y = 0; y < size - 1; y++) for (let x = 0; x < size - 1; x++) if (m[y]![x] === m[y]![x + 1] && m[y]![x] === m[y + 1]![x] && m[y]![x] === m[y + 1]![x + 1]) score += 3;
  const dark = m.flat().filter(Boolean).length;
  const total = size * size;
  score += (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10;
  return score;
}

/** Encodes `text` (UTF-8) in the smallest version 1-5 at level M; throws when it does not fit (84 bytes). */
export function encodeQr(text: string): QrCode {
  const bytes = new TextEncoder().encode(text);
  // Mode (4 bits) and count (8 bits) before the bytes.
  const index = VERSIONS.findIndex((v) => 12 + bytes.length * 8 <= v.dataPerBlock * v.blocks * 8);
  if (index < 0) throw new RangeError(`QR: ${bytes.length} bytes do not fit in version 5-M`);
  const version = index + 1;
  const v = VERSIONS[index]!;
  const codewords = interleaved(dataCodewords(bytes, v.dataPerBlock * v.blocks), v);
  const positions = dataPositions(functionLayout(version).isFunction);
  let best: QrCode | null = null;
  let bestScore = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    const { modules } = functionLayout(version);
    const size = modules.length;
    const masked = maskFunction(mask);
    positions.forEach(([x, y], i) => {
      // Past the codewords are the remainder bits: light, then masked like any data module.
      const dark = i < codewords.length * 8 ? bit(codewords[i >>> 3]!, 7 - (i & 7)) : false;
      modules[y]![x] = dark !== masked(x, y);
    });
    drawFormat((x, y, d) => (modules[y]![x] = d), size, mask);
    const score = penalty(modules);
    if (score < bestScore) {
      bestScore = score;
      best = { version, size, mask, modules };
    }
  }
  return best!;
}

/** The code as an SVG image: one path of dark squares, a 4-module quiet zone, crisp at any size. */
export function qrSvg(text: string): string {
  const qr = encodeQr(text);
  const quiet = 4;
  const side = qr.size + 2 * quiet;
  let path = '';
  qr.modules.forEach((row, y) => row.forEach((dark, x) => { if (dark) path += `M${x + quiet} ${y + quiet}h1v1h-1z`; }));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
