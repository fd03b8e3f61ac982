import { parseHTML } from 'linkedom';
import { describe, expect, test } from 'vitest';
import { anchorAll, anchorAllAsync, matchQuote } from '../../utils/runtime/anchor';
import { buildTextMap, normalizeQuote, spanFor, type TextSpan } from '../../utils/runtime/text-map';

function doc(body: string): Document {
  return parseHTML(`<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`).document as unknown as Document;
}

/** The page text a span covers, whitespace-normalised (what a reader sees highlighted). */
function rangeText(span: TextSpan): string {
  const nodes: Text[] = [];
  const visit = (n: Node) => {
    if (n.nodeType === 3) nodes.push(n as Text);
    n.childNodes.forEach(visit);
  };
  visit(span.startContainer.ownerDocument.body);
  const from = nodes.indexOf(span.startContainer);
  const to = nodes.indexOf(span.endContainer);
  if (from === to) return normalizeQuote(span.startContainer.data.slice(span.startOffset, span.endOffset));
  const out = [span.startContainer.data.slice(span.startOffset)];
  for (let i = from + 1; i < to; i++) out.push(nodes[i]!.data);
  out.push(span.endContainer.data.slice(0, span.endOffset));
  return normalizeQuote(out.join(''));
}

describe('text map', () => {
  test('collapses whitespace and puts a space at block boundaries, skipping scripts and hidden parts', () => {
    const d = doc('<p>One   two\n three</p><p>four<br>five</p><script>var x = "no";</script><div hidden>secret</div><span style="display: none">gone</span>');
    expect(buildTextMap(d.body).text.trimEnd()).toBe('One two three four five');
  });

  test('a deep DOM does not overflow the stack', () => {
    const d = doc('');
    let el: Element = d.body;
    for (let i = 0; i < 20_000; i++) {
      const child = d.createElement('span');
      el.appendChild(child);
      el = child;
    }
    el.appendChild(d.createTextNode('deep text'));
    expect(buildTextMap(d.body).text.trim()).toBe('deep text');
  });

  test('ranges map back to raw offsets inside text nodes with collapsed whitespace', () => {
    const d = doc('<p>  alpha   beta  gamma</p>');
    const map = buildTextMap(d.body);
    const i = map.text.indexOf('beta gamma');
    const r = spanFor(map, i, i + 'beta gamma'.length)!;
    expect(rangeText(r)).toBe('beta gamma');
    expect(r.startOffset).toBe(10);
  });
});

describe('whitespace collapsed across node boundaries', () => {
  test('a quote starting after collapsed spaces in the next node starts at its first letter', () => {
    const d = doc('<p><span>foo </span><span>   bar baz</span></p>');
    const map = buildTextMap(d.body);
    expect(map.text.trimEnd()).toBe('foo bar baz');
    const i = map.text.indexOf('bar baz');
    const span = spanFor(map, i, i + 'bar baz'.length)!;
    expect(span.startContainer.data).toBe('   bar baz');
    expect(span.startOffset).toBe(3);
    expect(span.endOffset).toBe(10);
  });

  test('a quote ending on a block boundary ends inside the last text node', () => {
    const d = doc('<p>first part</p><p>second</p>');
    const map = buildTextMap(d.body);
    const span = spanFor(map, 0, 'first part '.length)!;
    expect(span.endContainer.data).toBe('first part');
    expect(span.endOffset).toBe(10);
  });
});

describe('quote anchoring', () => {
  test('a sentence that crosses <a>, <strong> and <br> is found whole', () => {
    const d = doc('<p>Intro. 白癜风<a href="#">会传染</a>，<strong>要隔离</strong><br>患者。 Next.</p>');
    const { anchored, unanchored } = anchorAll(d.body, [{ id: 'f0', sentence: '白癜风会传染，要隔离\n患者。' }]);
    expect(unanchored).toEqual([]);
    expect(rangeText(anchored[0]!.span)).toBe('白癜风会传染，要隔离患者。');
    expect((anchored[0]!.span.startContainer as Text).data).toBe(' Intro. 白癜风'.trim());
  });

  test('prefix and suffix pick the right one of two identical sentences', () => {
    const d = doc('<p>First context. Same sentence here.</p><p>Second context. Same sentence here.</p>');
    const { anchored } = anchorAll(d.body, [{ id: 'f1', sentence: 'Same sentence here.', prefix: 'Second context. ' }]);
    expect((anchored[0]!.span.startContainer as Text).data).toBe('Second context. Same sentence here.');
  });

  test('text changed slightly since extraction is still found (approximate match)', () => {
    const text = 'The page now says that tacrolimus ointment makes pigment cells regrow within weeks, which is wrong.';
    const m = matchQuote(text, { exact: 'tacrolimus ointment make pigment cells regrow within a few weeks' });
    expect(m).toBeDefined();
    expect(m!.errors).toBeGreaterThan(0);
    expect(text.slice(m!.start, m!.end)).toContain('pigment cells regrow within');
  });

  test('a sentence that is not on the page is reported unanchored, not guessed', () => {
    const d = doc('<p>Completely unrelated text about gardening and tomatoes.</p>');
    const { anchored, unanchored } = anchorAll(d.body, [{ id: 'f2', sentence: '他克莫司能让黑色素再生，效果显著。' }]);
    expect(anchored).toEqual([]);
    expect(unanchored).toEqual(['f2']);
  });

  test('a page whose sentence lost a word since the analysis is still anchored, to the right node', () => {
    const d = doc('<p>Intro text here.</p><p>The ointment makes pigment cells <em>regrow</em> within a couple of weeks for everyone.</p>');
    const { anchored, unanchored } = anchorAll(d.body, [
      { id: 'f3', sentence: 'The ointment makes pigment cells regrow within a couple of weeks for almost everyone.' },
    ]);
    expect(unanchored).toEqual([]);
    expect(anchored[0]!.errors).toBeGreaterThan(0);
    expect(rangeText(anchored[0]!.span)).toContain('pigment cells regrow within a couple of weeks');
  });
});

describe('keyword-stuffed pages', () => {
  test('a sentence repeated 1,000 times: each finding lands near its own position, in slices', async () => {
    const paragraphs = Array.from({ length: 1000 }, (_, i) => `<p>Para ${i}. Same claim here.</p>`).join('');
    const d = doc(paragraphs);
    const map = buildTextMap(d.body);
    const targets = [10, 500, 990].map((i) => ({ id: `f${i}`, sentence: 'Same claim here.', prefix: `Para ${i}. `, position: i / 1000 }));
    let yields = 0;
    const started = performance.now();
    const result = await anchorAllAsync(targets, map, { sliceMs: 0, yieldTo: async () => void yields++ });
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.unanchored).toEqual([]);
    expect(result.anchored.map((a) => (a.span.startContainer.data ?? '').split('.')[0])).toEqual(['Para 10', 'Para 500', 'Para 990']);
    expect(yields).toBeGreaterThan(0);
  });
});

describe('tab state storage helpers', () => {
  test('what the background stores is what the panel reads and is told about', async () => {
    const { getTabState, setTabState, watchTabState, emptyTabState } = await import('../../utils/runtime/tab-state');
    const seen: (string | undefined)[] = [];
    const unwatch = watchTabState(5, (s) => seen.push(s?.status));
    await setTabState({ ...emptyTabState(5, 'https://a.example/'), status: 'done', flagged: 2, anchored: ['f0'] });
    const state = await getTabState(5);
    expect(state?.status).toBe('done');
    expect(state?.flagged).toBe(2);
    expect(await getTabState(6)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toContain('done');
    unwatch();
  });
});
