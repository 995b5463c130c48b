// bots/ is thin over services (docs/architecture.md, Bots): a feature gets the services it declares from
// its factory and sends through ctx.send, so nothing in bots/ holds the database or the bundle of all
// dependencies. This reads every production file under bots/ (tests may build real database errors) with
// the lexer of import-specifiers.ts, so comments and strings do not count, and reports:
//   - an import of typeorm (or typeorm/…): the database is the services';
//   - a call of `.transaction(` (also `?.transaction(`): work that must commit together is a service method,
//     messages that must be queued together are one ctx.send([...]);
//   - `ctx.deps`: the context carries only log and send.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTestFile, listSources } from './import-graph.js';
import { codeTokens, importSpecifiers } from './import-specifiers.js';

export interface BotsFinding {
  file: string;
  line: number;
  found: 'typeorm' | '.transaction(' | 'ctx.deps';
}

export function findFatBots(root: string, options: { skip?: readonly string[] } = {}): BotsFinding[] {
  const findings: BotsFinding[] = [];
  for (const file of listSources(root, options.skip ?? [])) {
    if (!file.startsWith('bots/') || isTestFile(file)) continue;
    const source = readFileSync(join(root, file), 'utf8');
    for (const { specifier, line } of importSpecifiers(source)) {
      if (specifier === 'typeorm' || specifier?.startsWith('typeorm/')) findings.push({ file, line, found: 'typeorm' });
    }
    const tokens = codeTokens(source);
    tokens.forEach((tok, i) => {
      const next = tokens[i + 1];
      if ((tok.v === '.' || tok.v === '?.') && next?.v === 'transaction' && tokens[i + 2]?.v === '(') findings.push({ file, line: next.line, found: '.transaction(' });
      if (tok.v === 'ctx' && (next?.v === '.' || next?.v === '?.') && tokens[i + 2]?.v === 'deps') findings.push({ file, line: tok.line, found: 'ctx.deps' });
    });
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.found.localeCompare(b.found));
}
