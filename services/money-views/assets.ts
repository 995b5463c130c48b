// Naming a ledger asset for people: its chain, symbol and decimals from the configured chains, and the
// explorer link of a transaction on that chain.
import type { ChainConfig } from '../platform/chains.js';
import type { Asset } from '../ledger/index.js';

export interface AssetInfo {
  chainId: number;
  chainName: string;
  /** 'native' or the contract address in lower case (the ledger's form). */
  token: string;
  symbol: string;
  decimals: number;
  /** Smallest amount a withdrawal takes, in the token's smallest unit (chains file `minWithdrawal`, default 1). */
  minWithdrawal: bigint;
}

// The chains file's `minWithdrawal` (decimal integer text, checked at start); absent: 1, as withdrawals take it.
const minOf = (entry: { minWithdrawal?: string }): bigint => (entry.minWithdrawal !== undefined ? BigInt(entry.minWithdrawal) : 1n);

/** Every asset the chains list, in their order: each chain's coin, then its tokens. */
export function configuredAssets(chains: readonly ChainConfig[]): AssetInfo[] {
  return chains.flatMap((c) => [
    { chainId: c.id, chainName: c.name, token: 'native', symbol: c.native.symbol, decimals: c.native.decimals, minWithdrawal: minOf(c.native) },
    ...c.tokens.map((t) => ({ chainId: c.id, chainName: c.name, token: t.address.toLowerCase(), symbol: t.symbol, decimals: t.decimals, minWithdrawal: minOf(t) })),
  ]);
}

export const assetKey = (a: Asset) => `${a.chainId}/${a.token}`;

/** An asset no configured chain lists any more (the chains file changed): still shown, by its address and the
 * ERC-20 default of 18 decimals, so money held in it does not disappear from view. */
export function unlistedAsset(chains: readonly ChainConfig[], asset: Asset): AssetInfo {
  const chain = chains.find((c) => c.id === asset.chainId);
  return { chainId: asset.chainId, chainName: chain?.name ?? `Chain ${asset.chainId}`, token: asset.token, symbol: asset.token === 'native' ? 'native' : asset.token, decimals: 18, minWithdrawal: 1n };
}

export function assetTable(chains: readonly ChainConfig[]): (asset: Asset) => AssetInfo {
  const byKey = new Map(configuredAssets(chains).map((a) => [assetKey(a), a]));
  return (asset) => byKey.get(assetKey(asset)) ?? unlistedAsset(chains, asset);
}

/** `${explorerUrl}/tx/${hash}` when the chain has an explorer and the hash looks like one; otherwise null. */
export function explorerTxUrl(chains: readonly ChainConfig[], chainId: number, txHash: string | null): string | null {
  const explorer = chains.find((c) => c.id === chainId)?.explorerUrl;
  if (!explorer || !txHash || !/^0x[0-9a-fA-F]{64}$/.test(txHash)) return null;
  return `${explorer.replace(/\/+$/, '')}/tx/${txHash}`;
}
