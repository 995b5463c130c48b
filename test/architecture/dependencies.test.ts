// The dependency rules of docs/conventions.md over the real tree, and proof on planted trees
// (test/architecture/fixtures/, read as text: excluded from tsc and never named *.test.ts) that the
// checker fails when a rule is broken.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImportGraph, type Rule } from './import-graph.js';
import { importSpecifiers } from './import-specifiers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => checkImportGraph(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));
const messages = (name: string, rule?: Rule) => fixture(name).violations.filter((v) => !rule || v.rule === rule).map((v) => v.message);

describe('the dependency rules', () => {
  it('hold for the whole tree: no circle between services, services import only what they may', () => {
    const report = checkImportGraph(ROOT, { skip: ['test/architecture/fixtures'] });
    expect(report.violations.map((v) => `${v.rule}: ${v.message}`)).toEqual([]);
    // The checker read the tree rather than finding nothing to check: the known direction is there.
    expect(report.files).toContain('services/validation/index.ts');
    expect(report.serviceEdges).toContain('validation -> raids');
    expect(report.serviceEdges).toContain('validation -> groups');
    expect(report.serviceEdges).toContain('raids -> groups');
    // The split of issue 7: the /raid parser is raids' (it reads groups' raid length bounds), the blacklist is
    // groups', and leaderboards read validation's points and analytics' counts through their index.
    for (const edge of ['leaderboards -> validation', 'leaderboards -> analytics', 'leaderboards -> users']) expect(report.serviceEdges).toContain(edge);
    for (const reverse of ['raids', 'groups', 'analytics', 'users']) {
      expect(report.serviceEdges).not.toContain(`${reverse} -> validation`);
      expect(report.serviceEdges).not.toContain(`${reverse} -> validation (tests only)`);
    }
    expect(report.serviceEdges).not.toContain('groups -> raids (tests only)');
    // Nothing below leaderboards uses them: they are read by the bot (and later the Mini App) only.
    expect(report.serviceEdges.filter((e) => / -> leaderboards/.test(e))).toEqual([]);
  });
});

describe('the checker', () => {
  it('names a circle of two services with the imports that make it', () => {
    expect(fixture('two-service-cycle').violations).toEqual([
      {
        rule: 'service-cycle',
        message:
          'raids -> validation -> raids (services/raids/types.ts imports services/validation/index.ts; ' +
          'services/validation/judge.ts imports services/raids/index.ts)',
        files: ['services/raids/types.ts', 'services/validation/judge.ts'],
      },
    ]);
  });

  it('names a circle of three services made by import type, import() and export … from', () => {
    expect(messages('three-service-cycle')).toEqual([
      'groups -> history -> notifications -> groups (services/groups/index.ts imports services/history/index.ts; ' +
        'services/history/index.ts imports services/notifications/index.ts; ' +
        'services/notifications/index.ts imports services/groups/index.ts)',
    ]);
  });

  it('refuses a service importing testkit/, but not its test helper doing so', () => {
    expect(fixture('service-imports-testkit').violations).toEqual([
      {
        rule: 'outside-import',
        message: 'services/x/client.ts imports testkit/x/index.ts: a service must not import testkit/ (only its tests may use test helpers)',
        files: ['services/x/client.ts', 'testkit/x/index.ts'],
      },
    ]);
  });

  it('refuses a service reaching past another service’s index.ts, but not a test helper doing so', () => {
    expect(fixture('deep-import').violations).toEqual([
      {
        rule: 'deep-import',
        message: 'services/validation/run.ts imports services/raids/raid-store.ts: another service is used only through services/raids/index.ts',
        files: ['services/validation/run.ts', 'services/raids/raid-store.ts'],
      },
    ]);
  });

  it('refuses a circle that only a test file closes', () => {
    const report = fixture('test-cycle');
    expect(report.serviceEdges).toEqual(['groups -> validation (tests only)', 'validation -> groups']);
    expect(report.violations).toEqual([
      {
        rule: 'test-cycle',
        message:
          'groups -> validation -> groups, a circle test files close: tests may use other services only in the direction production code does ' +
          '(services/groups/settings.test-support.ts imports services/validation/index.ts (test); services/validation/index.ts imports services/groups/index.ts)',
        files: ['services/groups/settings.test-support.ts', 'services/validation/index.ts'],
      },
    ]);
  });

  it('refuses platform importing a service and testkit importing the app', () => {
    expect(messages('platform-and-testkit')).toEqual([
      'services/platform/clock.ts imports services/history/index.ts: services/platform is shared infrastructure and imports no service',
      'testkit/x/index.ts imports services/platform/clock.ts: testkit/ may import only itself and npm packages, nothing of the app',
    ]);
  });

  it('refuses a service importing bots/, the root composition files or services/catalog.ts', () => {
    expect(messages('outside-imports')).toEqual([
      'services/groups/index.ts imports bots/context.ts: a service must not import bots/ (only its tests may use test helpers)',
      'services/groups/index.ts imports composition.ts: a service must not import the root composition files (only its tests may use test helpers)',
      'services/groups/index.ts imports services/catalog.ts: a service must not import services/catalog.ts (the composition side) (only its tests may use test helpers)',
    ]);
  });

  it('says when it cannot follow an import, rather than letting it pass', () => {
    expect(messages('unresolved')).toEqual([
      "services/x/index.ts:1 imports './missing.js', which names no file",
      'services/x/index.ts:3 loads a module whose name is computed; the dependency checker cannot follow it (use a string literal)',
    ]);
  });

  it('passes a tree that keeps the rules, whatever its comments and strings mention', () => {
    const report = fixture('clean');
    expect(report.violations).toEqual([]);
    expect(report.serviceEdges).toEqual(['validation -> raids', 'validation -> x (tests only)']);
  });
});

describe('reading the specifiers of a source', () => {
  const specs = (source: string) => importSpecifiers(source).map((s) => s.specifier);

  it('reads every form that loads a module', () => {
    const source = [
      "import a from './a.js';",
      "import type { B } from './b.js';",
      "import c, { d, type E } from './c.js';",
      "import * as f from './f.js';",
      "import './side-effect.js';",
      "export { g } from './g.js';",
      "export type { H } from './h.js';",
      "export * from './star.js';",
      "export * as ns from './ns.js';",
      "export type * from './types.js';",
      "const later = await import('./later.js');",
      "type T = typeof import('./typed.js');",
      "import legacy = require('./legacy.js');",
      "import {",
      '  many,',
      '  lines,',
      "} from './multi-line.js'",
      "export const x = 1;",
    ].join('\n');
    expect(specs(source)).toEqual([
      './a.js', './b.js', './c.js', './f.js', './side-effect.js', './g.js', './h.js', './star.js', './ns.js', './types.js',
      './later.js', './typed.js', './legacy.js', './multi-line.js',
    ]);
    expect(importSpecifiers(source).at(-1)).toEqual({ specifier: './multi-line.js', line: 17, kind: 'static' });
  });

  it('ignores comments, strings, templates, regular expressions and property names', () => {
    const source = [
      "// import a from './commented.js';",
      "/* export * from './block.js'; */",
      "const s = \"import b from './in-string.js'\";",
      "const t = `import('./in-template.js') ${x} from './after-substitution.js'`;",
      "const re = /'\\/\\/ import c from '.\\/in-regex.js'/g;",
      "const half = total / 2; export { real } from './real.js';",
      "obj.import('./method.js'); const u = import.meta.url;",
      "const cls = /[/'`]/; import d from './after-class.js';",
    ].join('\n');
    expect(specs(source)).toEqual(['./real.js', './after-class.js']);
  });

  it('reads an import inside a template substitution, and marks a computed name', () => {
    expect(importSpecifiers("const m = `${await import('./inside.js')}`;\nimport(`./${name}.js`);")).toEqual([
      { specifier: './inside.js', line: 1, kind: 'dynamic' },
      { specifier: null, line: 2, kind: 'dynamic' },
    ]);
  });
});
