import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../utils/engine/analyze';
import { visibleText } from '../../utils/engine/dom-text';
import { extractArticle } from '../../utils/engine/extract';
import { passesGate } from '../../utils/engine/gate';
import { gateTermsOf } from '../../utils/engine/knowledge';
import { REPO_ROOT } from '../../utils/cli/node-knowledge';
import { fixtureKnowledge } from '../fixtures/engine/knowledge';
import { fixtureHtml, fixtureKb } from './helpers';

const doc = (html: string) => parseHTML(html).document as unknown as Document;

describe('extractArticle', () => {
  it('never modifies the live document', () => {
    const d = doc(fixtureHtml('hospital-page.html'));
    const before = d.documentElement.outerHTML;
    const article = extractArticle(d);
    expect(article.articleText).toContain('白癜风是一种自身免疫性疾病');
    expect(d.documentElement.outerHTML).toBe(before);
  });

  it('never reads template content (a browser does not show it; linkedom would hand it to Readability)', () => {
    const para = '<p>他克莫司能让黑色素再生，这是我们医院的独家疗法，很多患者用了三个月就好了，效果非常明显，欢迎大家来咨询。</p>';
    const d = doc(`<html><body><main></main><template><article><h1>白癜风</h1>${para.repeat(8)}</article></template></body></html>`);
    const a = extractArticle(d);
    expect(a.articleText).not.toContain('黑色素再生');
    expect(a.pageText).not.toContain('黑色素再生');
  });

  it('reads a page nested 20,000 elements deep without overflowing the stack', () => {
    const depth = 20_000;
    const d = doc(`<html><body><p>白癜风不会传染。</p>${'<div class="x">'.repeat(depth)}深处的文字${'</div>'.repeat(depth)}</body></html>`);
    expect(visibleText(d.body)).toBe('白癜风不会传染。\n深处的文字');
    expect(() => analyzeDocument(d, fixtureKb())).not.toThrow();
  });

  it('keeps title, language, byline and date', () => {
    const a = extractArticle(doc(fixtureHtml('neutral-article.html')));
    expect(a.title).toBe('How sourdough starters work');
    expect(a.lang).toBe('en');
    expect(a.byline).toBe('A. Baker');
    expect(a.published).toContain('2024-03-01');
  });

  it('falls back to the visible body text when there is no article, skipping scripts and hidden text', () => {
    const a = extractArticle(
      doc('<html><body><div>白癜风小贴士</div><script>var x = "他克莫司";</script><div hidden>隐藏文字</div><span>注意防晒</span></body></html>'),
    );
    expect(a.extraction).toBe('body');
    expect(a.articleText).toContain('白癜风小贴士');
    expect(a.articleText).toContain('注意防晒');
    expect(a.articleText).not.toContain('var x');
    expect(a.articleText).not.toContain('隐藏文字');
  });

  it('keeps the text outside the article (ads, sidebars) as page text', () => {
    const a = extractArticle(doc(fixtureHtml('hospital-page.html')));
    expect(a.pageText).toContain('400-123-4567');
    expect(a.pageText).toContain('康复案例');
  });
});

describe('passesGate', () => {
  // What the compiler writes to gate.json for this knowledge.
  const gate = gateTermsOf(fixtureKnowledge().concepts);
  it('passes a page about a covered topic (title or body)', () => {
    expect(passesGate(doc(fixtureHtml('hospital-page.html')), gate)).toBe(true);
    expect(passesGate(doc('<html><head><title>news</title></head><body><p>Tacrolimus ointment and you</p></body></html>'), gate)).toBe(true);
  });
  it('rejects unrelated pages, and Latin terms only match at a word start', () => {
    expect(passesGate(doc(fixtureHtml('neutral-article.html')), gate)).toBe(false);
    expect(passesGate(doc('<html><body><p>antivitiligoish is not a word we know</p></body></html>'), gate)).toBe(false);
  });
  it('accepts a plain gate artifact', () => {
    expect(passesGate(doc('<html><body><h2>白癜風</h2></body></html>'), { hash: 'x', terms: ['白癜風'] })).toBe(true);
    expect(passesGate(doc('<html><body><h2>天气</h2></body></html>'), { hash: 'x', terms: [] })).toBe(false);
  });
});

describe('engine bundle hygiene', () => {
  it('imports only types from knowledge/schema.ts (its values would ship zod to every analysed page)', () => {
    const dir = join(REPO_ROOT, 'utils/engine');
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        readFileSync(join(dir, f), 'utf8')
          .split('\n')
          .filter((line) => /from '\.\.\/\.\.\/knowledge\/schema'/.test(line) && !/^import type /.test(line))
          .map((line) => `${f}: ${line}`),
      );
    expect(offenders).toEqual([]);
  });
});
