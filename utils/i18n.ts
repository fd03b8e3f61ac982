/**
 * UI strings of the side panel and the options page, English and Chinese, in one
 * typed table: a key missing in one language is a type error, not a blank button.
 *
 * The manifest's own strings (name, description) live in public/_locales because
 * the browser reads them before any of our code runs; everything else is here
 * because the user can switch language without changing the browser's, which
 * `browser.i18n.getMessage` cannot do.
 */
import { browser } from 'wxt/browser';
import type { Bilingual } from '../knowledge/schema';
import type { UiLanguage } from './settings';

export type Lang = 'en' | 'zh';

const en = {
  appName: 'Claimlight',
  'header.settings': 'Settings',
  'header.language': 'Language',
  'header.switchTo': '中文',
  'header.switchToLabel': 'Switch the interface to Chinese',
  'site.off': 'Turn off on {site}',
  'site.on': 'Turn on for {site}',
  'site.offHint': 'Claimlight is off on {site}.',

  'verdict.heading': 'About this page',
  'verdict.signals': 'What points to it',
  'flagged.heading': 'Flagged claims',
  'flagged.count': '{n} flagged',
  'flagged.none': 'No claims on this page were flagged.',
  'flagged.show': 'Show on page',
  'flagged.unanchored': 'Not found on the page (the text may have changed)',
  'flagged.region': 'Outside the article (ads, sidebar, footer)',
  'flagged.classOff': 'Not highlighted on the page (this class is turned off in the settings)',
  'relevant.heading': 'Consensus and cautions for this topic',
  'list.showAll': 'Show all {n}',
  'list.showFewer': 'Show fewer',
  'omissions.heading': 'What the page leaves out',
  'omissions.intro': 'Relevant points this page never mentions:',
  'search.heading': 'Search the knowledge base',
  'search.label': 'Search all entries, in Chinese or English',
  'search.placeholder': 'e.g. pregnancy, 孕妇, tacrolimus',
  'search.none': 'No entries match “{q}”.',
  'search.count': '{n} entries',
  'selection.heading': 'Your selection',
  'selection.none': 'No knowledge entry matches this selection.',
  'selection.best': 'Best matching entries',
  'selection.close': 'Close the lookup',
  'references.heading': 'References',
  'references.open': 'opens in a new tab',

  'card.why': 'Why',
  'card.consensus': 'What the evidence says',
  'card.sources': 'Sources',
  'card.grade': 'Evidence: {grade}',
  'card.reviewed': 'Reviewed {date}',
  'card.match': 'Matched entry: {claim} ({score}%)',
  'card.pattern': 'Recognised by the way the sentence is written: {claim}',

  'tooltip.openPanel': 'Open in side panel',
  'tooltip.flagWrong': 'This flag is wrong',
  'tooltip.flagSaved': 'Saved on this device only. Thank you.',
  'tooltip.close': 'Close',
  'tooltip.next': 'Next flagged claim: Alt+Shift+N',

  'class.dubious': 'Dubious',
  'class.nuance': 'Needs nuance',
  'class.marketing': 'Marketing',
  'class.agrees': 'Agrees with the evidence',
  'kind.consensus': 'Consensus',
  'kind.caution': 'Caution',
  'kind.dubious': 'Myth',
  'kind.nuance': 'Needs nuance',
  'kind.marketing': 'Marketing',
  'grade.guideline': 'clinical guideline',
  'grade.systematic-review': 'systematic review',
  'grade.trial': 'clinical trial',
  'grade.label': 'drug label',
  'grade.expert-opinion': 'expert opinion',
  'grade.background-knowledge': 'background knowledge',

  'state.noHealth': 'No health claims found on this page.',
  'state.noHealthHint': 'You can still search the knowledge base below.',
  'state.disabledSite': 'Analysis is disabled for this site.',
  'state.autoOff': 'Automatic analysis is off.',
  'state.analyseNow': 'Analyse this page',
  'state.analysing': 'Analysing this page…',
  'state.idle': 'Waiting for the page to finish loading…',
  'state.reloadHint': 'If the page was already open before Claimlight was installed or updated, reload it.',
  'state.notWebPage': 'This is not a web page Claimlight can read.',
  'state.noTab': 'No tab to show.',
  'state.analysisError': 'The analysis of this page failed; nothing is highlighted. Reloading the page tries again.',
  'state.knowledgeError': 'The knowledge base failed to load, so nothing can be checked or searched.',
  'state.errorDetails': 'Technical details',

  'options.title': 'Claimlight settings',
  'options.analysis': 'Analysis',
  'options.autoAnalyse': 'Analyse health pages automatically',
  'options.autoAnalyseHint': 'When off, a page is analysed only when you ask from the side panel.',
  'options.sites': 'Sites where Claimlight is off',
  'options.sitesNone': 'None. You can also turn a site off from the side panel.',
  'options.siteInput': 'Site (for example example.com)',
  'options.siteAdd': 'Add',
  'options.siteRemove': 'Remove {site}',
  'options.siteInvalid': '“{site}” is not a site name.',
  'options.classes': 'Highlight on pages',
  'options.language': 'Interface language',
  'options.langAuto': 'Follow the browser ({lang})',
  'options.langEn': 'English',
  'options.langZh': '中文',
  'options.reports': 'Reports of wrong flags',
  'options.reportsHint':
    'When you mark a flag as wrong, the report stays on this device. Export them as a file to send to the knowledge curators; nothing is sent automatically.',
  'options.reportsCount': '{n} reports stored.',
  'options.reportsExport': 'Export reports (JSON)',
  'options.reportsClear': 'Clear reports',
  'options.reportsCleared': 'Reports cleared.',
  'options.reportsClearConfirm': 'Delete all {n} reports from this device?',
  'options.reportsClearYes': 'Delete',
  'options.reportsClearNo': 'Cancel',
  'options.saveFailed': 'Could not save the change. Please try again.',
  'options.saved': 'Saved.',
} as const;

export type StringKey = keyof typeof en;

const zh: Record<StringKey, string> = {
  appName: 'Claimlight',
  'header.settings': '设置',
  'header.language': '语言',
  'header.switchTo': 'English',
  'header.switchToLabel': '将界面切换为英文',
  'site.off': '在 {site} 停用',
  'site.on': '在 {site} 启用',
  'site.offHint': 'Claimlight 已在 {site} 停用。',

  'verdict.heading': '关于此页面',
  'verdict.signals': '判断依据',
  'flagged.heading': '被标记的说法',
  'flagged.count': '已标记 {n} 处',
  'flagged.none': '此页面没有被标记的说法。',
  'flagged.show': '在页面中显示',
  'flagged.unanchored': '在页面上未能定位(文字可能已变化)',
  'flagged.region': '位于正文之外(广告、侧栏、页脚)',
  'flagged.classOff': '页面上未高亮(此类别已在设置中关闭)',
  'relevant.heading': '该话题的共识与注意事项',
  'list.showAll': '显示全部 {n} 条',
  'list.showFewer': '收起',
  'omissions.heading': '页面没有提到的',
  'omissions.intro': '与此页面相关、但页面从未提及的要点:',
  'search.heading': '搜索知识库',
  'search.label': '搜索全部条目,中英文均可',
  'search.placeholder': '例如:孕妇、他克莫司、pregnancy',
  'search.none': '没有与“{q}”相关的条目。',
  'search.count': '共 {n} 条',
  'selection.heading': '你选中的文字',
  'selection.none': '没有与所选文字相符的知识条目。',
  'selection.best': '最相符的条目',
  'selection.close': '关闭查询结果',
  'references.heading': '参考文献',
  'references.open': '在新标签页中打开',

  'card.why': '原因',
  'card.consensus': '证据怎么说',
  'card.sources': '来源',
  'card.grade': '证据等级:{grade}',
  'card.reviewed': '审核于 {date}',
  'card.match': '匹配条目:{claim}({score}%)',
  'card.pattern': '按句式识别:{claim}',

  'tooltip.openPanel': '在侧边栏中打开',
  'tooltip.flagWrong': '这个标记有误',
  'tooltip.flagSaved': '已仅保存在本设备上,谢谢。',
  'tooltip.close': '关闭',
  'tooltip.next': '下一个被标记的说法:Alt+Shift+N',

  'class.dubious': '存疑',
  'class.nuance': '需要补充',
  'class.marketing': '营销话术',
  'class.agrees': '与证据一致',
  'kind.consensus': '共识',
  'kind.caution': '注意',
  'kind.dubious': '误区',
  'kind.nuance': '需要补充',
  'kind.marketing': '营销话术',
  'grade.guideline': '临床指南',
  'grade.systematic-review': '系统综述',
  'grade.trial': '临床试验',
  'grade.label': '药品说明书',
  'grade.expert-opinion': '专家意见',
  'grade.background-knowledge': '背景知识',

  'state.noHealth': '此页面未发现健康说法。',
  'state.noHealthHint': '你仍然可以在下方搜索知识库。',
  'state.disabledSite': '已在此网站停用分析。',
  'state.autoOff': '自动分析已关闭。',
  'state.analyseNow': '分析此页面',
  'state.analysing': '正在分析此页面…',
  'state.idle': '正在等待页面加载完成…',
  'state.reloadHint': '如果此页面在安装或更新 Claimlight 之前就已打开,请刷新页面。',
  'state.notWebPage': '这不是 Claimlight 可以读取的网页。',
  'state.noTab': '没有可显示的标签页。',
  'state.analysisError': '此页面分析失败,页面上没有任何标注。刷新页面可以重试。',
  'state.knowledgeError': '知识库加载失败,无法核查或搜索。',
  'state.errorDetails': '技术详情',

  'options.title': 'Claimlight 设置',
  'options.analysis': '分析',
  'options.autoAnalyse': '自动分析健康类网页',
  'options.autoAnalyseHint': '关闭后,只有在侧边栏中手动要求时才会分析页面。',
  'options.sites': '已停用 Claimlight 的网站',
  'options.sitesNone': '暂无。也可以在侧边栏中一键停用某个网站。',
  'options.siteInput': '网站(例如 example.com)',
  'options.siteAdd': '添加',
  'options.siteRemove': '移除 {site}',
  'options.siteInvalid': '“{site}”不是有效的网站名称。',
  'options.classes': '在页面上高亮',
  'options.language': '界面语言',
  'options.langAuto': '跟随浏览器({lang})',
  'options.langEn': 'English',
  'options.langZh': '中文',
  'options.reports': '“标记有误”反馈',
  'options.reportsHint': '你标记为有误的反馈只保存在本设备上。可以导出为文件发送给知识库维护者;不会自动发送任何内容。',
  'options.reportsCount': '已保存 {n} 条反馈。',
  'options.reportsExport': '导出反馈(JSON)',
  'options.reportsClear': '清除反馈',
  'options.reportsCleared': '反馈已清除。',
  'options.reportsClearConfirm': '从本设备删除全部 {n} 条反馈?',
  'options.reportsClearYes': '删除',
  'options.reportsClearNo': '取消',
  'options.saveFailed': '无法保存更改,请重试。',
  'options.saved': '已保存。',
};

const TABLES: Record<Lang, Record<StringKey, string>> = { en, zh };

/**
 * Traditional forms of the Simplified characters the table above uses, for browsers set to zh-TW,
 * zh-HK or zh-MO. Character by character is enough for these UI strings (no ambiguous characters
 * such as 发/髮 or 干/乾 occur in them); a test fails when a string gains a character that is in
 * neither this list nor SAME_IN_BOTH, so a new string cannot slip through half converted.
 * Knowledge texts stay as written (Simplified): they are reviewed medical text, not UI.
 */
const SIMPLIFIED = '与专个临为么书于仅从会侧关内删别刷动区参发变后启处备妇审导将广库开怎护换据断无时显暂术条来标栏没浏点献现称签类级结给统维综网脚药营补装见览记设证识试话询该详语误说请读谢败载边这选销键闭随页项题馈验';
const TRADITIONAL = '與專個臨為麼書於僅從會側關內刪別刷動區參發變後啟處備婦審導將廣庫開怎護換據斷無時顯暫術條來標欄沒瀏點獻現稱簽類級結給統維綜網腳藥營補裝見覽記設證識試話詢該詳語誤說請讀謝敗載邊這選銷鍵閉隨頁項題饋驗';
/** Characters of the table written the same in both scripts. */
export const SAME_IN_BOTH = '一上下不中之也事亮仍他以件任但位何你例依保停健充克全共出分切判到前加化匹南原及反取只可司名告品器因在均外失如孕字存安完定家容就已床康待情意成或所手才打技指提搜收改效文新方明是景更最有未本析果某查核正此求法注消添清源然用界疑的目相知示移站符等系索置考者背能自致英莫被要言起跟述送部配重除需面高按句式';
const TO_TRADITIONAL = new Map([...SIMPLIFIED].map((c, i) => [c, TRADITIONAL[i] as string]));
export const SIMPLIFIED_CONVERTED = SIMPLIFIED;

export function toTraditional(text: string): string {
  let out = '';
  for (const c of text) out += TO_TRADITIONAL.get(c) ?? c;
  return out;
}

/** Taiwan, Hong Kong and Macau, or an explicit Traditional script tag. */
export function prefersTraditional(uiLanguage: string = browserUiLanguage()): boolean {
  return /^zh[-_](tw|hk|mo|hant)\b/i.test(uiLanguage);
}


/** The browser's UI language (`zh-CN`, `zh-TW`, `en-US`, …); never throws. */
export function browserUiLanguage(): string {
  try {
    const lang = browser.i18n?.getUILanguage?.();
    if (lang) return lang;
  } catch {
    // Outside an extension (unit tests, a page opened as a file): fall back to the page's idea.
  }
  return typeof navigator !== 'undefined' ? navigator.language : 'en';
}

/** Chinese for every zh-* browser language (zh-CN, zh-TW, zh-HK…), English otherwise, unless the user chose. */
export function resolveLanguage(setting: UiLanguage, uiLanguage: string = browserUiLanguage()): Lang {
  if (setting === 'en' || setting === 'zh') return setting;
  return /^zh\b/i.test(uiLanguage.replace('_', '-')) ? 'zh' : 'en';
}

/** The string for `key`, with `{name}` placeholders filled in (Traditional characters on request). */
export function t(lang: Lang, key: StringKey, params?: Record<string, string | number>, traditional = false): string {
  const raw = TABLES[lang][key];
  const text = lang === 'zh' && traditional ? toTraditional(raw) : raw;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Bound translator for one language. */
export type Translate = (key: StringKey, params?: Record<string, string | number>) => string;
/** `traditional` defaults to the browser's preference (zh-TW, zh-HK, zh-MO). */
export function translator(lang: Lang, traditional: boolean = prefersTraditional()): Translate {
  return (key, params) => t(lang, key, params, traditional);
}

/** Knowledge and report texts come in both languages; falls back to the other one if one is empty. */
export function pick(text: Bilingual | undefined, lang: Lang): string {
  if (!text) return '';
  return (lang === 'zh' ? text.zh || text.en : text.en || text.zh) ?? '';
}

/** The BCP-47 tag for `lang` attributes (screen readers pick the voice from it). */
export function htmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}

export const STRING_KEYS = Object.keys(en) as StringKey[];
export const _tablesForTests = TABLES;
