import { FetchRequest, JsonRpcProvider, Network } from 'ethers';
import type { ChainConfig } from '../platform/chains.js';

/** One ethers provider per configured chain, made on first use, for the sweep run by the CLI. No retries
 * of our own: a failed call stops the sweep (SweepFailedError) and running it again is safe. */
export function sweepProviders(timeoutMs = 30_000): { providerFor(chain: ChainConfig): JsonRpcProvider; close(): void } {
  const providers = new Map<number, JsonRpcProvider>();
  return {
    providerFor(chain) {
      let provider = providers.get(chain.id);
      if (!provider) {
        const request = new FetchRequest(chain.rpcUrl);
        request.timeout = timeoutMs;
        const network = Network.from(chain.id);
        // cacheTimeout -1: a balance read right after a transfer must be the new one (facts.md). A static
        // network: no start-up probing (and no console noise when the URL is down); planning checks the id.
        provider = new JsonRpcProvider(request, network, { staticNetwork: network, cacheTimeout: -1, pollingInterval: 1000 });
        providers.set(chain.id, provider);
      }
      return provider;
    },
    close() {
      for (const p of providers.values()) p.destroy();
    },
  };
}
