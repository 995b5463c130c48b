import { getAddress } from 'ethers';
import type { SweepMove } from './sweep-execute.js';
import { maxPerGas } from './sweep-fees.js';
import { TRANSFER_GAS, type ChainPlan } from './sweep-plan.js';

// The sweep's words for the operator: a table (one line per transaction, or per planned one in a dry run)
// and totals. Plain text for a terminal; no key material ever reaches it (only addresses, amounts, hashes).

/** Exact decimal text of an amount in whole units ("12.5"): no float rounding. */
export function human(units: bigint, decimals: number): string {
  const base = 10n ** BigInt(decimals);
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  const fraction = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${sign}${abs / base}${fraction ? `.${fraction}` : ''}`;
}

const WHAT: Record<SweepMove['kind'], string> = { gas: 'gas top-up', token: 'token', native: 'coin' };
const HEADER = ['address', 'chat', 'chain', 'what', 'asset', 'amount', 'tx'];

function table(rows: string[][]): string[] {
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(HEADER), ...rows.map(line)];
}

const chainLabel = (p: { chain: { name: string; id: number } }) => `${p.chain.name} (${p.chain.id})`;

/** What a dry run would do, or what a run is about to do. */
export function planLines(plans: ChainPlan[], destination: string): string[] {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const plan of plans) {
    const chain = chainLabel(plan);
    for (const p of plan.addresses) {
      const cells = (what: string, asset: string, amount: string) => [getAddress(p.address.address), String(p.address.chatId), chain, what, asset, amount, '-'];
      if (p.skipped) notes.push(`${getAddress(p.address.address)} on ${chain}: skipped, ${p.skipped}`);
      for (const s of p.stuck) notes.push(`${getAddress(p.address.address)} on ${chain}: ${human(s.amount, s.token.decimals)} ${s.token.symbol} left, ${s.why}`);
      if (p.topUp > 0n) rows.push(cells('gas top-up', plan.chain.native.symbol, human(p.topUp, plan.chain.native.decimals)));
      for (const t of p.tokens) rows.push(cells('token', t.token.symbol, human(t.amount, t.token.decimals)));
      if (p.native > 0n) rows.push(cells('coin', plan.chain.native.symbol, `>= ${human(p.native, plan.chain.native.decimals)}`));
    }
    const dusty = plan.addresses.filter((p) => !p.skipped && p.dust > 0n);
    if (dusty.length) {
      const dust = dusty.reduce((sum, p) => sum + p.dust, 0n);
      notes.push(`${chain}: ${dusty.length} address(es) keep ${human(dust, plan.chain.native.decimals)} ${plan.chain.native.symbol} in all as dust (a transfer would cost more than a tenth of it), for their next deposit to carry along`);
    }
    const topUps = plan.addresses.filter((p) => p.topUp > 0n).length;
    if (topUps) notes.push(`${chain}: ${topUps} gas top-up(s) need ${human(plan.gasPayerNeeds, plan.chain.native.decimals)} ${plan.chain.native.symbol} from the gas payer (fee cap ${maxPerGas(plan.fees)} wei/gas, ${TRANSFER_GAS} gas each)`);
  }
  if (!rows.length) return [`Nothing to sweep to ${getAddress(destination)}.`, ...notes];
  return [`Plan: sweep to ${getAddress(destination)}`, ...table(rows), ...notes];
}

/** What a run did: every transaction, then the totals per chain and asset. */
export function reportLines(moves: SweepMove[], destination: string): string[] {
  if (!moves.length) return [`Nothing was moved to ${getAddress(destination)}.`];
  const rows = moves.map((m) => [getAddress(m.plan.address.address), String(m.plan.address.chatId), `${m.chainName} (${m.chainId})`, WHAT[m.kind], m.symbol, human(m.amount, m.decimals), m.txHash]);
  const totals = new Map<string, { label: string; swept: bigint; gas: bigint; decimals: number }>();
  for (const m of moves) {
    const key = `${m.chainId}:${m.symbol}`;
    const t = totals.get(key) ?? { label: `${m.chainName} (${m.chainId}) ${m.symbol}`, swept: 0n, gas: 0n, decimals: m.decimals };
    if (m.kind === 'gas') t.gas += m.amount;
    else t.swept += m.amount;
    totals.set(key, t);
  }
  const fees = new Map<string, { label: string; fee: bigint; symbol: string; decimals: number }>();
  for (const m of moves) {
    const key = String(m.chainId);
    const f = fees.get(key) ?? { label: `${m.chainName} (${m.chainId})`, fee: 0n, symbol: m.feeSymbol, decimals: m.feeDecimals };
    f.fee += m.fee;
    fees.set(key, f);
  }
  return [
    `Swept to ${getAddress(destination)}:`,
    ...table(rows),
    'Totals:',
    ...[...totals.values()].map((t) => `  ${t.label}: ${human(t.swept, t.decimals)} swept${t.gas > 0n ? `, ${human(t.gas, t.decimals)} sent in as gas` : ''}`),
    ...[...fees.values()].map((f) => `  ${f.label}: ${human(f.fee, f.decimals)} ${f.symbol} paid in fees`),
  ];
}
