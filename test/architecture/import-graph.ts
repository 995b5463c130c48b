// The dependency rules of docs/conventions.md, checked over a source tree. Pure apart from reading files:
// given a root, it reads every .ts file, resolves each relative import to a file and reports what breaks
// a rule. A service is a folder under services/ (services/platform is shared infrastructure, not one).
//
//   service-cycle   production files of services import each other in a circle (A -> B -> ... -> A)
//   test-cycle      a circle only test files close: tests (*.test.ts, *.test-support.ts) may use other
//                   services, but only in the direction production code already allows
//   outside-import  a production file under services/ imports outside services/ (bots/, miniapp/,
//                   workers/, testkit/, test/, bench/, the root composition files) or services/catalog.ts
//   deep-import     a production file under services/ imports another service's file other than index.ts
//   platform-import services/platform (any of its files, tests too) imports another service
//   testkit-import  testkit/ imports anything of the app: only itself and npm packages
//   unresolved      a relative import that names no file, or an import()/require() of a computed name:
//                   what the checker cannot follow it cannot check, so it says so
//
// Edges are direct imports between files of two services; type-only imports count (they are a dependency
// of the design even when erased). Paths through files outside services/ (test/support/database.ts
// reaches every service through services/catalog.ts) make no edge.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { importSpecifiers } from './import-specifiers.js';

export type Rule = 'service-cycle' | 'test-cycle' | 'outside-import' | 'deep-import' | 'platform-import' | 'testkit-import' | 'unresolved';

export interface Violation {
  rule: Rule;
  message: string;
  /** Root-relative paths of the files involved, importers first. */
  files: string[];
}

export interface GraphReport {
  /** Root-relative paths of the files read. */
  files: string[];
  /** The service graph found, sorted: 'validation -> raids', or 'a -> b (tests only)' when no production
   * file makes the edge. Lets a test see that the checker found imports, not only that nothing broke. */
  serviceEdges: string[];
  violations: Violation[];
}

export interface CheckOptions {
  /** Root-relative folders not to read, beside node_modules, dist, dist-bench, miniapp/web and dot-folders. */
  skip?: readonly string[];
}

const ALWAYS_SKIPPED = ['node_modules', 'dist', 'dist-bench', 'coverage', 'miniapp/web'];
const SOURCE = /\.[cm]?tsx?$/;
// Enough to show a tangle without enumerating every circle of a dense graph.
const MAX_CYCLES = 50;

export const isTestFile = (path: string) => /\.test\.[cm]?tsx?$/.test(path) || /\.test-support\.[cm]?tsx?$/.test(path);

/** The service a root-relative path belongs to ('platform' included), or null outside any service. */
export function serviceOf(path: string): string | null {
  const segments = path.split('/');
  return segments[0] === 'services' && segments.length > 2 ? (segments[1] as string) : null;
}

// Where a file outside services/ lives, as a message says it.
function areaName(path: string): string {
  const segments = path.split('/');
  if (path.startsWith('../')) return 'a file outside the tree';
  if (segments.length === 1) return 'the root composition files';
  if (path === 'services/catalog.ts') return 'services/catalog.ts (the composition side)';
  return `${segments[0]}/`;
}

export function listSources(root: string, skip: readonly string[]): string[] {
  const skipped = new Set([...ALWAYS_SKIPPED, ...skip].map((p) => posix.normalize(p).replace(/\/$/, '')));
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !skipped.has(path)) walk(path);
      } else if (entry.isFile() && SOURCE.test(entry.name)) found.push(path);
    }
  };
  walk('');
  return found.sort();
}

// The file a relative specifier names: './x.js' is the TypeScript source './x.ts' (nodenext style);
// without an extension, './x.ts' or './x/index.ts'. Null when nothing matches.
function resolve(root: string, from: string, specifier: string, sources: ReadonlySet<string>): string | null {
  if (!specifier.startsWith('.')) return null; // an absolute path: not how this code base imports
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = /\.[cm]?jsx?$/.test(target)
    ? [target.replace(/\.([cm]?)js(x?)$/, '.$1ts$2'), target.replace(/\.([cm]?)jsx?$/, '.$1tsx'), target]
    : SOURCE.test(target)
      ? [target]
      : /\.[a-z0-9]+$/i.test(target)
        ? [target]
        : [`${target}.ts`, `${target}.tsx`, `${target}/index.ts`];
  for (const candidate of candidates) {
    if (sources.has(candidate)) return candidate;
    if (!SOURCE.test(candidate) && existsSync(join(root, candidate))) return candidate; // .json and the like
  }
  return null;
}

interface Edge {
  from: string;
  to: string;
}

const describeEdge = (e: Edge, test = false) => `${e.from} imports ${e.to}${test ? ' (test)' : ''}`;

/** Reads the tree under `root` and reports every broken dependency rule. */
export function checkImportGraph(root: string, options: CheckOptions = {}): GraphReport {
  const files = listSources(root, options.skip ?? []);
  const sources = new Set(files);
  const violations: Violation[] = [];
  // service -> service -> the file imports making that edge, production and test apart.
  const edges = new Map<string, Map<string, { production: Edge[]; test: Edge[] }>>();
  const addEdge = (fromService: string, toService: string, edge: Edge, test: boolean) => {
    const out = edges.get(fromService) ?? new Map<string, { production: Edge[]; test: Edge[] }>();
    edges.set(fromService, out);
    const evidence = out.get(toService) ?? { production: [], test: [] };
    out.set(toService, evidence);
    (test ? evidence.test : evidence.production).push(edge);
  };

  for (const from of files) {
    const fromService = serviceOf(from);
    const test = isTestFile(from);
    for (const { specifier, line } of importSpecifiers(readFileSync(join(root, from), 'utf8'))) {
      if (specifier === null) {
        violations.push({
          rule: 'unresolved',
          message: `${from}:${line} loads a module whose name is computed; the dependency checker cannot follow it (use a string literal)`,
          files: [from],
        });
        continue;
      }
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) continue; // an npm package or node: builtin
      const to = resolve(root, from, specifier, sources);
      if (to === null) {
        violations.push({ rule: 'unresolved', message: `${from}:${line} imports '${specifier}', which names no file`, files: [from] });
        continue;
      }
      const edge = { from, to };
      const toService = serviceOf(to);

      if (from.startsWith('testkit/') && !to.startsWith('testkit/')) {
        violations.push({
          rule: 'testkit-import',
          message: `${describeEdge(edge)}: testkit/ may import only itself and npm packages, nothing of the app`,
          files: [from, to],
        });
      }
      if (!from.startsWith('services/')) continue;

      if (!test && (!to.startsWith('services/') || (to === 'services/catalog.ts' && fromService !== null))) {
        violations.push({
          rule: 'outside-import',
          message: `${describeEdge(edge)}: a service must not import ${areaName(to)} (only its tests may use test helpers)`,
          files: [from, to],
        });
      }
      if (toService === null || toService === fromService) continue;
      if (fromService === 'platform') {
        violations.push({
          rule: 'platform-import',
          message: `${describeEdge(edge)}: services/platform is shared infrastructure and imports no service`,
          files: [from, to],
        });
        continue;
      }
      if (toService === 'platform') continue;
      if (!test && to !== `services/${toService}/index.ts`) {
        violations.push({
          rule: 'deep-import',
          message: `${describeEdge(edge)}: another service is used only through services/${toService}/index.ts`,
          files: [from, to],
        });
      }
      if (fromService !== null) addEdge(fromService, toService, edge, test);
    }
  }

  violations.push(...cycles(edges));
  const serviceEdges = [...edges].flatMap(([from, out]) =>
    [...out].map(([to, e]) => `${from} -> ${to}${e.production.length > 0 ? '' : ' (tests only)'}`),
  );
  return { files, serviceEdges: serviceEdges.sort(), violations };
}

// Every elementary circle of the service graph (production and test edges together), each reported once,
// starting from its alphabetically first service. A circle all of whose steps production code makes is a
// service-cycle; one that needs a test file's import for some step is a test-cycle.
function cycles(edges: Map<string, Map<string, { production: Edge[]; test: Edge[] }>>): Violation[] {
  const services = [...edges.keys()].sort();
  const found: Violation[] = [];
  const report = (path: string[]) => {
    const steps = path.map((from, k) => edges.get(from)!.get(path[(k + 1) % path.length]!)!);
    const production = steps.every((s) => s.production.length > 0);
    const evidence = steps.flatMap((s) => (s.production.length > 0 ? s.production.map((e) => describeEdge(e)) : s.test.map((e) => describeEdge(e, true))));
    const circle = [...path, path[0]].join(' -> ');
    found.push({
      rule: production ? 'service-cycle' : 'test-cycle',
      message: production
        ? `${circle} (${evidence.join('; ')})`
        : `${circle}, a circle test files close: tests may use other services only in the direction production code does (${evidence.join('; ')})`,
      files: [...new Set(steps.flatMap((s) => (s.production.length > 0 ? s.production : s.test).map((e) => e.from)))],
    });
  };
  for (const start of services) {
    const path = [start];
    const onPath = new Set(path);
    const visit = (node: string) => {
      for (const next of [...(edges.get(node)?.keys() ?? [])].sort()) {
        if (found.length >= MAX_CYCLES) return;
        if (next === start) report(path);
        else if (next > start && !onPath.has(next)) {
          path.push(next);
          onPath.add(next);
          visit(next);
          onPath.delete(next);
          path.pop();
        }
      }
    };
    visit(start);
  }
  return found;
}
