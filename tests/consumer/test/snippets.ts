/**
 * README code that a user would copy, extracted from the README files themselves so it cannot drift
 * from what the tests run. A fenced `ts`/`js` block preceded by the HTML comment
 *
 *   <!-- consumer-test -->            a whole program: run as ESM and as CommonJS, and typechecked
 *   <!-- consumer-test: types -->     typechecked only (it needs files or hardware a test lacks)
 *
 * (blank lines between them allowed) is one snippet. The comment is invisible on GitHub and npm.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Snippet {
  /** e.g. `packages-core-README-1` */
  id: string;
  /** README path relative to the repository, and the line of the fence */
  source: string;
  code: string;
  run: boolean;
}

const MARKER = /^<!--\s*consumer-test(?::\s*(types))?\s*-->\s*$/;

export function extractSnippets(root: string, readmes: readonly string[]): Snippet[] {
  const out: Snippet[] = [];
  for (const readme of readmes) {
    const lines = readFileSync(join(root, readme), 'utf8').split('\n');
    let n = 0;
    for (let i = 0; i < lines.length; i++) {
      const marker = MARKER.exec(lines[i].trim());
      if (!marker) continue;
      let j = i + 1;
      while (j < lines.length && lines[j].trim() === '') j++;
      const fence = /^```(ts|typescript|js|javascript)\b/.exec(lines[j] ?? '');
      if (!fence) throw new Error(`${readme}:${i + 1}: a consumer-test marker must come right before a ts or js code block`);
      const end = lines.findIndex((l, k) => k > j && l.startsWith('```'));
      if (end < 0) throw new Error(`${readme}:${j + 1}: unclosed code block`);
      n++;
      out.push({ id: `${readme.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-')}-${n}`, source: `${readme}:${j + 1}`, code: lines.slice(j + 1, end).join('\n'), run: marker[1] !== 'types' });
      i = end;
    }
  }
  return out;
}

/**
 * The CommonJS form of an ES module (TypeScript already stripped): its static imports become
 * `require` calls and the body runs in an async function, as a CommonJS user would write it.
 */
export function toCommonJs(esm: string): string {
  const requires: string[] = [];
  const body = esm.replace(/^import\s+(?:(\*\s+as\s+\w+|\{[^}]*\}|\w+)\s+from\s+)?(['"][^'"]+['"]);?\s*$/gm, (_, what: string | undefined, from: string) => {
    if (what === undefined) requires.push(`require(${from});`);
    else if (what.startsWith('*')) requires.push(`const ${what.replace(/^\*\s+as\s+/, '')} = require(${from});`);
    else if (what.startsWith('{')) requires.push(`const ${what.replace(/\s+as\s+/g, ': ')} = require(${from});`);
    else requires.push(`const ${what} = require(${from}).default;`);
    return '';
  });
  if (/^\s*import\s/m.test(body)) throw new Error(`an import toCommonJs cannot rewrite:\n${esm}`);
  return `'use strict';\n${requires.join('\n')}\n(async () => {\n${body}\n})().catch((error) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n`;
}
