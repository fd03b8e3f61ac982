/**
 * Sentences that open by referring back to what came before ("它不是激素", "本品外用…", "用药期间要…",
 * "这玩意儿…", "It causes lymphoma", "This cream…"): their subject is the topic named last, or, for
 * a product page's 本品/该药, the page's own topic. They may inherit it (see subject.ts).
 */

/**
 * What may stand before the pronoun: list markers, quotes, "答：", "A:", a greeting (亲, 姐妹们, hi),
 * a connective (所以, 另外, 为了安全, so, also). Not any clause: in "激素药膏，它会…" 它 is the steroid.
 */
// A plain string, not String.raw: the build escapes non-ASCII in string literals, not in raw templates
// (Chrome refuses a content script it does not read as UTF-8; wxt.config.ts checks the bundle is ASCII).
const LEAD =
  '^[\\s"\'“”‘’「」『』(（\\[【•·\\-–—*>\\d.、:：]*(?:答|回答|回复|a|re)?[\\s:：]*(?:(?:亲|親|亲爱的|親愛的|您好|你好|宝子们?|寶子們?|姐妹们?|姐妹們?|hi|hey)[\\s,，!！~～]*)?(?:(?:所以|因此|因而|另外|此外|而且|并且|並且|同时|同時|但是?|不过|不過|其实|其實|为了安全|為了安全|so|and|but|also|however|still)[\\s,，]*)?';

const ZH_REFERENCE = new RegExp(
  LEAD +
    '(?:(?:用药|用藥|涂药|塗藥|擦药|擦藥|使用)(?:期间|期間|时|時|以后|以後|后|後)|(?:我|我的|孩子的?|宝宝的?|寶寶的?)(?:这个|這個)?病|它|牠|本品|本药|本藥|该药|該藥|此药|此藥|该病|該病|此病|这种?(?:药膏|軟膏|软膏|药|藥|病)|這種?(?:藥膏|軟膏|藥|病)|这(?:个|款|支)(?:药膏|软膏|药|病)|這(?:個|款|支)(?:藥膏|軟膏|藥|病)|该(?:药膏|软膏)|該(?:藥膏|軟膏)|这玩意儿?|這玩意兒?|这东西|這東西)',
);

/** "It" as a pronoun, not the empty subject of "it is important to…", "it seems that…", "it takes time". */
const EN_REFERENCE = new RegExp(
  LEAD +
    String.raw`(?:it\b(?!(?:'s| is| was| isn't| wasn't)(?: not)? (?:\w+ )?(?:to|that|whether|if|when|how)\b)(?! (?:seems|appears|depends|takes|turns out|may be that|might be that)\b)|(?:this|the|that) (?:drug|medicine|medication|ointment|cream|treatment|condition|disease)\b)`,
);

/**
 * "The two" opening a sentence ("但是两者一定要间隔两个小时以上", "Both should be applied…"): it speaks of
 * the things the sentence before named together, not only of a topic.
 */
const PAIR_REFERENCE = new RegExp(
  LEAD + '(?:两者|兩者|二者|两样|兩樣|这两(?:种|样|个|者)|這兩(?:種|樣|個|者)|两种(?:药|治疗|疗法)|兩種(?:藥|治療|療法)|both(?! of (?:which|whom))\\b|the two\\b)',
);

export function refersToBoth(normalizedSentence: string): boolean {
  return PAIR_REFERENCE.test(normalizedSentence);
}

/**
 * A question about "this medicine" anywhere in it ("用这个药要不要定期查肝肾功能？", "Can I use this cream
 * on my face?"): it asks about the topic named last, and its answer inherits that. Not "it", which a
 * question uses emptily ("Is it true that…").
 */
const REFERENCE_IN_QUESTION =
  /它|本品|本药|本藥|该药|該藥|此药|此藥|这种?(?:药膏|软膏|药)|這種?(?:藥膏|軟膏|藥)|这(?:个|款|支)(?:药膏|软膏|药)|這(?:個|款|支)(?:藥膏|軟膏|藥)|这玩意儿?|這玩意兒?|\b(?:this|that|the) (?:drug|medicine|medication|ointment|cream)\b/;

export function questionRefersBack(normalizedQuestion: string): boolean {
  return REFERENCE_IN_QUESTION.test(normalizedQuestion);
}

/** Where the referring word ends (its clause is the one that refers back), or -1. */
export function referenceEnd(normalizedSentence: string): number {
  const m = ZH_REFERENCE.exec(normalizedSentence) ?? EN_REFERENCE.exec(normalizedSentence);
  return m ? m.index + m[0].length : -1;
}

/**
 * A drug label's section heading (注意事项, 【禁忌】, 禁忌人群, Warnings, Side effects), alone on its
 * line or opening a table row ("禁忌人群 孕妇禁用"): the lines under it speak of the page's drug
 * without naming it ("孕妇及哺乳期妇女禁用").
 */
const LABEL_SECTION =
  /^[\s【[(（*#]*(?:注意事项|注意事項|禁忌(?:症|證|证|人群)?|不良反应|不良反應|用法用量|特殊人群(?:用药|用藥)?|孕妇及哺乳期妇女用药|孕婦及哺乳期婦女用藥|儿童用药|兒童用藥|warnings?(?: and precautions)?\b|precautions\b|contraindications\b|side effects\b|how to use\b|dosage\b)/;

export function opensLabelSection(normalizedSentence: string): boolean {
  return LABEL_SECTION.test(normalizedSentence);
}
