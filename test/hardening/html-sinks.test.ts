/**
 * Page content (sentences, titles, the user's selection) reaches the tooltip and the side panel; it must
 * always become text, never markup. No source file of the extension may use an API that parses a string as
 * HTML or code. (Preact's own support for dangerouslySetInnerHTML is in the library and unused by us.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '../..');
const SOURCE_DIRS = ['entrypoints', 'components', 'utils'];
const SINKS = /\.(?:innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write(?:ln)?\s*\(|new Function\s*\(|\beval\s*\(|createContextualFragment|parseFromString|setHTMLUnsafe|\.srcdoc\s*=|setTimeout\s*\(\s*['"`]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

test('no extension source parses strings as HTML or code', () => {
  const files = SOURCE_DIRS.flatMap((d) => sources(join(root, d)));
  expect(files.length).toBeGreaterThan(10);
  const hits: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
        if (SINKS.test(code)) hits.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(hits).toEqual([]);
});

test('the sink pattern catches what it is meant to catch', () => {
  for (const bad of ['el.innerHTML = s', 'el.outerHTML += s', 'x.insertAdjacentHTML("a", s)', '<div dangerouslySetInnerHTML={{__html: s}} />', 'eval(s)', 'new Function(s)', "setTimeout('x()', 1)", 'range.createContextualFragment(s)'])
    expect(SINKS.test(bad), bad).toBe(true);
  for (const ok of ['el.textContent = s', 'const innerHTMLish = 1', 'evaluate(s)', 'setTimeout(() => x(), 1)'])
    expect(SINKS.test(ok), ok).toBe(false);
});
