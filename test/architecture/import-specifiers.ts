// Reads the module specifiers a TypeScript source imports, without a parser dependency: a small lexer drops
// comments and keeps strings, templates and regular expressions whole (so `// import x from './y.js'`, a
// string that mentions `from './y.js'`, or a regex holding `//` is never taken for code), then the token
// stream is matched against the forms that load a module:
//   import x from '…'   import type { X } from '…'   import '…'   import('…')   typeof import('…')
//   export { x } from '…'   export type { X } from '…'   export * from '…'   export * as ns from '…'
//   import x = require('…')   require('…')
// An import() or require() whose argument is not a plain string literal is returned with `specifier: null`:
// the caller cannot follow it and should say so rather than let it pass unseen.
// The same lexer also gives the text of every string and template literal and the identifiers of the code
// (`literalsAndNames`), for checks on what the code says rather than what it imports (telegram-html.ts).

export interface ImportSpecifier {
  /** The string as written, or null when the argument of import()/require() is computed. */
  specifier: string | null;
  /** 1-based line of the specifier (or of the import keyword when computed). */
  line: number;
  kind: 'static' | 'export-from' | 'dynamic' | 'require';
}

type Token =
  | { t: 'ident'; v: string; line: number }
  | { t: 'string'; v: string; line: number }
  /** `v`: the text when the template has no substitution; `text`: its literal parts, `${…}` between them. */
  | { t: 'template'; v: string | null; text: string; line: number }
  | { t: 'punct'; v: string; line: number }
  | { t: 'other'; line: number };

// After these keywords an expression starts, so a `/` there opens a regular expression, not a division.
const EXPRESSION_KEYWORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
]);
const IDENT_START = /[\p{ID_Start}$_]/u;
const IDENTIFIER = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/uy;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;

  const regexAllowed = (): boolean => {
    const prev = tokens[tokens.length - 1];
    if (!prev) return true;
    if (prev.t === 'ident') return EXPRESSION_KEYWORDS.has(prev.v);
    if (prev.t === 'punct') return prev.v !== ')' && prev.v !== ']' && prev.v !== '}';
    return false; // after a string, template, number or regex: a division
  };

  const readQuoted = (quote: string): string => {
    let value = '';
    i++;
    while (i < n && src[i] !== quote) {
      if (src[i] === '\\') {
        value += src[i + 1] ?? '';
        if (src[i + 1] === '\n') line++;
        i += 2;
        continue;
      }
      if (src[i] === '\n') break; // unterminated (invalid) string: it ends with its line
      value += src[i];
      i++;
    }
    if (src[i] === quote) i++;
    return value;
  };

  // A template literal; the code of each ${…} is lexed like any other code, into the same token list.
  const readTemplate = (tok: { text: string }): string | null => {
    let value = '';
    let plain = true;
    i++;
    while (i < n && src[i] !== '`') {
      if (src[i] === '\\') {
        value += src[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (src[i] === '$' && src[i + 1] === '{') {
        plain = false;
        value += '${…}';
        i += 2;
        lexCode(true);
        continue;
      }
      if (src[i] === '\n') line++;
      value += src[i];
      i++;
    }
    i++;
    tok.text = value;
    return plain ? value : null;
  };

  const skipRegex = (): void => {
    let inClass = false;
    i++;
    while (i < n && src[i] !== '\n') {
      const c = src[i];
      if (c === '\\') i += 2;
      else {
        if (c === '[') inClass = true;
        else if (c === ']') inClass = false;
        else if (c === '/' && !inClass) break;
        i++;
      }
    }
    if (src[i] !== '/') return; // not a regex after all (or an invalid one): it ends with its line
    i++;
    while (i < n && /[a-z]/i.test(src[i] as string)) i++;
  };

  // Lexes code; inside a template's ${…} it returns at the brace that closes the substitution.
  function lexCode(inSubstitution: boolean): void {
    let depth = 0;
    while (i < n) {
      const c = src[i] as string;
      const next = src[i + 1];
      if (c === '\n') {
        line++;
        i++;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
        i++;
      } else if (c === '/' && next === '/') {
        while (i < n && src[i] !== '\n') i++;
      } else if (c === '/' && next === '*') {
        const end = src.indexOf('*/', i + 2);
        const stop = end === -1 ? n : end + 2;
        for (let k = i; k < stop; k++) if (src[k] === '\n') line++;
        i = stop;
      } else if (c === '\'' || c === '"') {
        const at = line;
        tokens.push({ t: 'string', v: readQuoted(c), line: at });
      } else if (c === '`') {
        // Pushed before its substitutions are lexed, so the token order is the source order.
        const tok: Token & { t: 'template' } = { t: 'template', v: null, text: '', line };
        tokens.push(tok);
        tok.v = readTemplate(tok);
      } else if (c === '/' && regexAllowed()) {
        skipRegex();
        tokens.push({ t: 'other', line });
      } else if (IDENT_START.test(c)) {
        IDENTIFIER.lastIndex = i;
        const word = (IDENTIFIER.exec(src) as RegExpExecArray)[0];
        i += word.length;
        tokens.push({ t: 'ident', v: word, line });
      } else if (c >= '0' && c <= '9') {
        while (i < n && /[\w.]/.test(src[i] as string)) i++;
        tokens.push({ t: 'other', line });
      } else if (c === '.' && next === '.' && src[i + 2] === '.') {
        tokens.push({ t: 'punct', v: '...', line });
        i += 3;
      } else if (c === '?' && next === '.' && !/[0-9]/.test(src[i + 2] ?? '')) {
        tokens.push({ t: 'punct', v: '?.', line });
        i += 2;
      } else {
        if (inSubstitution && c === '{') depth++;
        if (inSubstitution && c === '}') {
          if (depth === 0) {
            i++;
            return;
          }
          depth--;
        }
        tokens.push({ t: 'punct', v: c, line });
        i++;
      }
    }
  }

  lexCode(false);
  return tokens;
}

const isPunct = (tok: Token | undefined, v: string) => tok?.t === 'punct' && tok.v === v;
const isIdent = (tok: Token | undefined, v: string) => tok?.t === 'ident' && tok.v === v;
const literal = (tok: Token | undefined): string | null =>
  tok?.t === 'string' ? tok.v : tok?.t === 'template' && tok.v !== null ? tok.v : null;

/** The specifiers `source` loads, in order of appearance. */
export function importSpecifiers(source: string): ImportSpecifier[] {
  const tokens = tokenize(source);
  const found: ImportSpecifier[] = [];

  // `import(` or `require(`: a literal argument is a specifier, anything else is reported as computed.
  const call = (at: number, kind: 'dynamic' | 'require'): void => {
    const arg = tokens[at + 2];
    const value = literal(arg);
    const closes = isPunct(tokens[at + 3], ')') || isPunct(tokens[at + 3], ',');
    if (value !== null && closes) found.push({ specifier: value, line: arg!.line, kind });
    else found.push({ specifier: null, line: tokens[at]!.line, kind });
  };

  // From a `{`, the index just past its matching `}`.
  const pastBraces = (open: number): number => {
    let depth = 0;
    for (let j = open; j < tokens.length; j++) {
      if (isPunct(tokens[j], '{')) depth++;
      else if (isPunct(tokens[j], '}') && --depth === 0) return j + 1;
    }
    return tokens.length;
  };

  const fromAt = (j: number, kind: 'static' | 'export-from'): void => {
    const spec = tokens[j + 1];
    if (isIdent(tokens[j], 'from') && spec?.t === 'string') found.push({ specifier: spec.v, line: spec.line, kind });
  };

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.t !== 'ident') continue;
    const prev = tokens[i - 1];
    // obj.import(…), obj?.require(…), import.meta: property names, not module loads.
    if (isPunct(prev, '.') || isPunct(prev, '?.')) continue;
    const next = tokens[i + 1];

    if (tok.v === 'require' && isPunct(next, '(')) {
      call(i, 'require');
    } else if (tok.v === 'import') {
      if (isPunct(next, '(')) call(i, 'dynamic');
      else if (isPunct(next, '.')) continue;
      else if (next?.t === 'string') found.push({ specifier: next.v, line: next.line, kind: 'static' });
      else {
        // import [type] x, { a, b }, * as ns from '…'   |   import x = require('…') (found by its require)
        let j = i + 1;
        const ends = (tok: Token | undefined) =>
          isPunct(tok, ';') || isPunct(tok, '=') || isIdent(tok, 'from') || isIdent(tok, 'import') || isIdent(tok, 'export');
        while (j < tokens.length && !ends(tokens[j])) {
          j = isPunct(tokens[j], '{') ? pastBraces(j) : j + 1;
        }
        fromAt(j, 'static');
      }
    } else if (tok.v === 'export') {
      let j = i + 1;
      if (isIdent(tokens[j], 'type') && (isPunct(tokens[j + 1], '{') || isPunct(tokens[j + 1], '*'))) j++;
      if (isPunct(tokens[j], '{')) fromAt(pastBraces(j), 'export-from');
      else if (isPunct(tokens[j], '*')) {
        j++;
        if (isIdent(tokens[j], 'as')) j += 2;
        fromAt(j, 'export-from');
      }
    }
  }
  return found;
}

export interface SourceText {
  /** Strings and templates (a template's literal parts, `${…}` where its substitutions were), with their lines. */
  literals: Array<{ text: string; line: number }>;
  /** Identifiers of the code, property names included (`payload.parse_mode`, `{ parse_mode: … }`). */
  names: Array<{ name: string; line: number }>;
}

/** What a source says outside its comments: its literals and its identifiers. */
export function literalsAndNames(source: string): SourceText {
  const literals: SourceText['literals'] = [];
  const names: SourceText['names'] = [];
  for (const tok of tokenize(source)) {
    if (tok.t === 'string') literals.push({ text: tok.v, line: tok.line });
    else if (tok.t === 'template') literals.push({ text: tok.text, line: tok.line });
    else if (tok.t === 'ident') names.push({ name: tok.v, line: tok.line });
  }
  return { literals, names };
}

/** The code's identifiers and punctuation in order, with strings, templates and comments left out, for
 * checks on what the code does (`ctx.deps`, `.transaction(`) that a comment or a message must not trip. */
export function codeTokens(source: string): Array<{ v: string; line: number }> {
  const out: Array<{ v: string; line: number }> = [];
  for (const tok of tokenize(source)) if (tok.t === 'ident' || tok.t === 'punct') out.push({ v: tok.v, line: tok.line });
  return out;
}
