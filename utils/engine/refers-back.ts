/**
 * Sentences that open by referring back to what came before ("它不是激素", "本品外用…",
 * "It causes lymphoma", "This cream…"): their subject is the topic named last, or, for
 * a product page's 本品/该药, the page's own topic. They may inherit it (see analyze.ts).
 */

/** What may stand before the pronoun: list markers, quotes, "答：", "A:", a greeting (亲, 姐妹们, hi). */
const LEAD = String.raw`^[\s"'“”‘’「」『』(（\[【•·\-–—*>\d.、:：]*(?:答|回答|回复|a|re)?[\s:：]*(?:(?:亲|親|亲爱的|親愛的|您好|你好|宝子们?|寶子們?|姐妹们?|姐妹們?|hi|hey)[\s,，!！~～]*)?`;

const ZH_REFERENCE = new RegExp(
  LEAD +
    '(?:它|牠|本品|本药|本藥|该药|該藥|此药|此藥|该病|該病|此病|这种?(?:药膏|軟膏|软膏|药|藥|病)|這種?(?:藥膏|軟膏|藥|病)|这(?:个|款|支)(?:药膏|软膏|药|病)|這(?:個|款|支)(?:藥膏|軟膏|藥|病)|该(?:药膏|软膏)|該(?:藥膏|軟膏))',
);

/** "It" as a pronoun, not the empty subject of "it is important to…", "it seems that…", "it takes time". */
const EN_REFERENCE = new RegExp(
  LEAD +
    String.raw`(?:it\b(?!(?:'s| is| was| isn't| wasn't)(?: not)? (?:\w+ )?(?:to|that|whether|if|when|how)\b)(?! (?:seems|appears|depends|takes|turns out|may be that|might be that)\b)|(?:this|the|that) (?:drug|medicine|medication|ointment|cream|treatment|condition|disease)\b)`,
);

export function refersBack(normalizedSentence: string): boolean {
  return ZH_REFERENCE.test(normalizedSentence) || EN_REFERENCE.test(normalizedSentence);
}
