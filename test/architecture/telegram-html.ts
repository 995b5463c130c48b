// Services return data, not Telegram messages: the words, their HTML and the parse mode are the bot side's
// (bots/features/<feature>/texts.ts, reached through each service's messages port). This reads every
// production file under services/ with the lexer of import-specifiers.ts, so a comment that mentions <b> or
// parse_mode does not count, and reports:
//   - a string or template literal holding a Telegram HTML tag (<b>, <i>, <u>, <s>, <a href=, <code>,
//     <pre>, <blockquote>, <tg-spoiler>, their closing tags, <span class="tg-spoiler">);
//   - parse_mode, as a property name in code or as a quoted key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTestFile, listSources } from './import-graph.js';
import { literalsAndNames } from './import-specifiers.js';

export interface HtmlFinding {
  file: string;
  line: number;
  /** What was found: the tag as written, or 'parse_mode'. */
  found: string;
}

const TAG = /<\/?(?:b|i|u|s|strong|em|ins|del|strike|code|pre|blockquote|tg-spoiler|tg-emoji)(?:\s[^<>]*)?>|<a\s+href\s*=|<\/a\s*>|<span\s+class\s*=\s*["']?tg-spoiler/i;

/** The Telegram HTML and parse modes written in production files of services/ under `root`. */
export function findTelegramHtml(root: string, options: { skip?: readonly string[] } = {}): HtmlFinding[] {
  const findings: HtmlFinding[] = [];
  for (const file of listSources(root, options.skip ?? [])) {
    if (!file.startsWith('services/') || isTestFile(file)) continue;
    const { literals, names } = literalsAndNames(readFileSync(join(root, file), 'utf8'));
    for (const { text, line } of literals) {
      const tag = TAG.exec(text);
      if (tag) findings.push({ file, line, found: tag[0] });
      else if (text === 'parse_mode') findings.push({ file, line, found: 'parse_mode' });
    }
    for (const { name, line } of names) if (name === 'parse_mode') findings.push({ file, line, found: 'parse_mode' });
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
