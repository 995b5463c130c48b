import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// TestToken.sol compiled in-process by solc-js when first needed, once per process. evmVersion shanghai:
// solc 0.8.37 defaults to osaka, whose MCOPY ganache 7 (shanghai at most) refuses.

export interface CompiledContract {
  abi: unknown[];
  bytecode: string;
}

let cached: CompiledContract | undefined;

export function compileTestToken(): CompiledContract {
  if (cached) return cached;
  const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string };
  const source = readFileSync(new URL('./TestToken.sol', import.meta.url), 'utf8');
  const input = {
    language: 'Solidity',
    sources: { 'TestToken.sol': { content: source } },
    settings: { evmVersion: 'shanghai', optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: Array<{ severity: string; formattedMessage: string }>;
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(`TestToken.sol does not compile:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const contract = output.contracts['TestToken.sol']!['TestToken']!;
  cached = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
  return cached;
}
