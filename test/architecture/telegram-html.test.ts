// "Services return data, not English HTML" over the real tree, and proof on a planted tree
// (test/architecture/fixtures/telegram-html/) that the check fails when a service writes a Telegram message.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listSources } from './import-graph.js';
import { literalsAndNames } from './import-specifiers.js';
import { findTelegramHtml } from './telegram-html.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/telegram-html', import.meta.url));

describe('no Telegram HTML in services', () => {
  it('holds for the whole tree: no service writes tags or sets a parse mode', () => {
    expect(findTelegramHtml(ROOT, { skip: ['test/architecture/fixtures'] })).toEqual([]);
    // It read the services rather than finding nothing to read.
    expect(listSources(ROOT, ['test/architecture/fixtures']).filter((f) => f.startsWith('services/') && !f.includes('.test')).length).toBeGreaterThan(100);
  });

  it('finds tags in strings and templates and parse_mode as a property or a quoted key, in services only, not in comments', () => {
    expect(findTelegramHtml(FIXTURE)).toEqual([
      { file: 'services/groups/welcome.ts', line: 2, found: 'parse_mode' },
      { file: 'services/groups/welcome.ts', line: 3, found: '<tg-spoiler>' },
      { file: 'services/raids/card.ts', line: 1, found: '<a href=' },
      { file: 'services/raids/card.ts', line: 1, found: '</a>' },
      { file: 'services/raids/card.ts', line: 2, found: '<i>' },
      { file: 'services/raids/end.ts', line: 4, found: '<b>' },
      { file: 'services/raids/end.ts', line: 5, found: 'parse_mode' },
    ]);
  });

  it('reads a template’s literal parts around its substitutions, and no comment', () => {
    const { literals, names } = literalsAndNames("// '<b>' parse_mode\nconst t = `a <b>${x + `in <i>${y}</i>`}</b>`; /* <u> */ o.parse_mode = 1;");
    expect(literals.map((l) => l.text)).toEqual(['a <b>${…}</b>', 'in <i>${…}</i>']);
    expect(names.map((n) => n.name)).toEqual(['const', 't', 'x', 'y', 'o', 'parse_mode']);
  });
});
