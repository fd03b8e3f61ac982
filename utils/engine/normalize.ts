/**
 * Text normalisation shared by the matcher, the gate and the knowledge loader
 * (the cue semantics in the team brief): NFKC folds full-width punctuation and
 * digits to ASCII, then lower-case, whitespace collapsed. Traditional Chinese
 * is not converted; the knowledge lists Traditional forms as extra terms.
 */
export function normalize(text: string): string {
  return joinSpacedOut(foldCase(text).replace(/\s+/g, ' '));
}

/** Typographic apostrophes (can’t, don’t: most English pages) as the ASCII one the patterns spell; one for one. */
const APOSTROPHES = /[\u2018\u2019\u02bc]/g;

/** NFKC, lower case and apostrophes folded: what every pattern of the engine reads. */
export function foldCase(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase();
  return folded.includes('\u2019') || folded.includes('\u2018') || folded.includes('\u02bc') ? folded.replace(APOSTROPHES, "'") : folded;
}

/**
 * normalize(), keeping line breaks (runs of blank lines become one): page signals read
 * whole pages, where a line is a block (a list item, a button, a banner) that no
 * promise or story crosses, and a negation on one line must not void a promise on the next.
 */
export function normalizeLines(text: string): string {
  return joinSpacedOut(foldCase(text).replace(/[^\S\n]+/g, ' ').replace(/ ?\n[\s]*/g, '\n'));
}

/**
 * Chinese written one character at a time with spaces ("白 癜 风 能 根 治"), as in
 * spaced-out headings and in ads written to dodge filters, reads as the word it
 * spells. Only runs of single characters are joined: "首页 医院" keeps its space.
 */
const HAN_CLASS = '[\\u3400-\\u4dbf\\u4e00-\\u9fff]';
const SPACED_OUT_SOURCE = `(?<!${HAN_CLASS})${HAN_CLASS}(?: ${HAN_CLASS})+(?!${HAN_CLASS})`;
const SPACED_OUT = new RegExp(SPACED_OUT_SOURCE);
const SPACED_OUT_GLOBAL = new RegExp(SPACED_OUT_SOURCE, 'g');

function joinSpacedOut(folded: string): string {
  return SPACED_OUT.test(folded) ? folded.replace(SPACED_OUT_GLOBAL, (run) => run.replaceAll(' ', '')) : folded;
}

/** Spaced-out Chinese that normalize() would join. */
export function hasSpacedOutHan(text: string): boolean {
  return SPACED_OUT.test(text);
}

function isHanCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

const LATIN_WORD_CHAR = /[\p{Script=Latin}\p{Nd}]/u;

/**
 * Latin letters and digits form words; a Latin term must start at a word start.
 * One UTF-16 code unit; ASCII and CJK are answered without the regex (the scanner asks at every term start).
 */
export function isLatinWordCode(code: number): boolean {
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  if (code >= 0x2e80 && code <= 0x9fff) return false;
  return code === code && LATIN_WORD_CHAR.test(String.fromCharCode(code));
}

/** Share of Han characters among letters: decides zh vs en when the page does not say. */
export function guessLang(text: string): 'zh' | 'en' {
  const sample = text.slice(0, 4000);
  let han = 0;
  let latin = 0;
  // Counted in one loop without building match arrays; only characters outside the
  // common ranges ask the Script=Han regex.
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
    } else if (isHanCode(c)) han++;
    else if (c >= 0x2e80) {
      const cp = sample.codePointAt(i) as number;
      if (HAN.test(String.fromCodePoint(cp))) han++;
      if (cp > 0xffff) i++;
    }
  }
  return han * 3 >= latin ? (han > 0 ? 'zh' : 'en') : 'en';
}
const HAN = /\p{Script=Han}/u;

export interface MappedText {
  text: string;
  /** Offset in the original string of normalised character `i` (`text.length` maps to the original length). */
  toOriginal(i: number): number;
}

/** What `\s` matches in a regex, as code units. */
function isSpaceCode(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Whitespace other than single spaces, or spaced-out Chinese: the text needs the slow path. */
function needsWhitespaceFold(text: string): boolean {
  let previousSpace = false;
  let hanSpaceHan = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (previousSpace) return true;
      previousSpace = true;
      if (i > 0 && isHanCode(text.charCodeAt(i - 1)) && isHanCode(text.charCodeAt(i + 1))) hanSpaceHan = true;
    } else if (isSpaceCode(c)) return true;
    else previousSpace = false;
  }
  // Chinese text rarely has a space between two characters: only then is the exact test worth running.
  return hanSpaceHan && SPACED_OUT.test(text);
}

const IDENTITY = (i: number): number => i;
/** foldCase of single code points met on the slow path ("…" -> "..."). */
const foldedChars = new Map<string, string>();

/**
 * `normalize` keeping, for every normalised character, where it came from, so
 * cue positions can be mapped back to clause boundaries and page offsets.
 * Fast path (identity map) when NFKC keeps the length (full-width forms fold
 * one to one) and there is no whitespace to collapse: the usual case.
 */
export function normalizeWithMap(original: string): MappedText {
  const folded = foldCase(original);
  if (folded.length === original.length && !needsWhitespaceFold(folded)) return { text: folded, toOriginal: IDENTITY };
  // Slow path, one code point at a time ("……" becomes "......", runs of spaces one space).
  const parts: string[] = [];
  const map: number[] = [];
  let previousSpace = false;
  for (let i = 0; i < original.length; ) {
    const width = original.codePointAt(i) as number > 0xffff ? 2 : 1;
    const cp = original.slice(i, i + width);
    let piece = foldedChars.get(cp);
    if (piece === undefined) {
      piece = foldCase(cp);
      foldedChars.set(cp, piece);
    }
    for (let k = 0; k < piece.length; k++) {
      if (isSpaceCode(piece.charCodeAt(k))) {
        if (previousSpace) continue;
        previousSpace = true;
        parts.push(' ');
      } else {
        previousSpace = false;
        parts.push(piece[k] as string);
      }
      map.push(i);
    }
    i += width;
  }
  map.push(original.length);
  let text = parts.join('');
  if (SPACED_OUT.test(text)) {
    // Drop the spaces inside spaced-out runs, and their entries in the map.
    const keep: number[] = [];
    let joined = '';
    let from = 0;
    for (const m of text.matchAll(SPACED_OUT_GLOBAL)) {
      for (let j = from; j < m.index; j++) keep.push(map[j] as number);
      joined += text.slice(from, m.index);
      for (let j = m.index; j < m.index + m[0].length; j++) if (text[j] !== ' ') keep.push(map[j] as number);
      joined += m[0].replaceAll(' ', '');
      from = m.index + m[0].length;
    }
    for (let j = from; j < map.length; j++) keep.push(map[j] as number);
    text = joined + text.slice(from);
    map.length = 0;
    map.push(...keep);
  }
  return { text, toOriginal: (j) => map[Math.min(j, map.length - 1)] ?? original.length };
}

/**
 * Common Traditional characters of health and sales writing folded to Simplified, one
 * code unit for one: for the similarity part of the score (a Traditional sentence
 * should not score lower against a Simplified statement just for its script) and for
 * page signals (保證見效, 預約熱線, 名額有限 are the same sales talk as 保证见效…).
 * Cue matching stays exact: the knowledge lists Traditional terms itself.
 */
const TRADITIONAL = '讓會藥膚癢傳遺療復陽曬過這為們時間長與對於發現導應該無沒說認進麼嗎種類質見來後點經細風線劑軟婦兒歲醫師個幾區處機體變還從當將並則單雙癒檢驗腎維鋅銅飲護緩減輕嚴擴顯謂術雖頭臉頸腳腫紅議證據確實總較計劃標準屬癥狀況稱產廣專門診費預約優價錢買賣號碼電話諮詢網絡聯繫歡選擇萬億樣氣溫濕潤補營養壓鬆緊張憂鬱觀規範達評掛團擊馬額滿斷徹轉極獨權頂級錯黃帶熱場報決問題歷蹤訪鐘週內擔齡識訊記錄課調節讀寫聽講詳請謝誤論語設許訂試誌誠讚贊貨貴購資賺負責車軍輪運邊遠適鍵鐵銷鏡開關閱陰隊際險難雞雜離靈靜韓頁項順須領顏飛館髮鬥魚鳥鹽麥黨齊齒龍夠奪奮嬰學寶審尋層崗幫幣廠廳彈強歸徑態戀懷戶擁損換搶攝數晝暈曆書條東構樓殘殺漢湯溝滅濟燒燈牆獲環畫異盡監盤眾礎禮穩窮競筆簡糧係紀納純紙組終結給統絕綜練緣編縣績織繼續罰罷義習聞聲職肅脫腦臨舊艱藝葉蘇蘭蟲裝製複視親覺覽觸豐貝財貧貿賽贏趙趨跡踐載輔輸辦農連遊違遞鄉釋裡針閃閉陳陸隨隱雲響頻顆顧飯驚麗癬瘋癲蝕駁膽臟膠僅冊凍劉劍動勝勞勢勵協卻參叢員喚囑圍圖壞壯壽夢奧媽嬤孫寧屆嶺帳幹廢彥徵憑憶懇懶擬擋擾擺攜敗敵斂曉朧殼滲漲潔澀濃災爭爺犧獎玀璽甕畢盜睜瞭矯礙禍禦禪穀窩竊筍築簽籃紋紛綠縮繞繪罈羅羨聖聰膩興舉艙莊蒼蓋薦薩藍蘋虛蝦螢衛衝襪訴詞誇誘誕誰誼諸謊謎謹譯譽貓賀賠賴趕躍軀輩辭邁郵鄰醬鈣鉀銀鋼錶鍋鎂鐳鑑闆闊陣隻韌頒頓頗願顛飄飼飽餅餘餵駐骯魯鮮鯉鴨鵝麵黴鼴齋龜臺檯裏麽癡屍衞掃';
const SIMPLIFIED = '让会药肤痒传遗疗复阳晒过这为们时间长与对于发现导应该无没说认进么吗种类质见来后点经细风线剂软妇儿岁医师个几区处机体变还从当将并则单双愈检验肾维锌铜饮护缓减轻严扩显谓术虽头脸颈脚肿红议证据确实总较计划标准属症状况称产广专门诊费预约优价钱买卖号码电话咨询网络联系欢选择万亿样气温湿润补营养压松紧张忧郁观规范达评挂团击马额满断彻转极独权顶级错黄带热场报决问题历踪访钟周内担龄识讯记录课调节读写听讲详请谢误论语设许订试志诚赞赞货贵购资赚负责车军轮运边远适键铁销镜开关阅阴队际险难鸡杂离灵静韩页项顺须领颜飞馆发斗鱼鸟盐麦党齐齿龙够夺奋婴学宝审寻层岗帮币厂厅弹强归径态恋怀户拥损换抢摄数昼晕历书条东构楼残杀汉汤沟灭济烧灯墙获环画异尽监盘众础礼稳穷竞笔简粮系纪纳纯纸组终结给统绝综练缘编县绩织继续罚罢义习闻声职肃脱脑临旧艰艺叶苏兰虫装制复视亲觉览触丰贝财贫贸赛赢赵趋迹践载辅输办农连游违递乡释里针闪闭陈陆随隐云响频颗顾饭惊丽癣疯癫蚀驳胆脏胶仅册冻刘剑动胜劳势励协却参丛员唤嘱围图坏壮寿梦奥妈嬷孙宁届岭帐干废彦征凭忆恳懒拟挡扰摆携败敌敛晓胧壳渗涨洁涩浓灾争爷牺奖猡玺瓮毕盗睁了矫碍祸御禅谷窝窃笋筑签篮纹纷绿缩绕绘坛罗羡圣聪腻兴举舱庄苍盖荐萨蓝苹虚虾萤卫冲袜诉词夸诱诞谁谊诸谎谜谨译誉猫贺赔赖赶跃躯辈辞迈邮邻酱钙钾银钢表锅镁镭鉴板阔阵只韧颁顿颇愿颠飘饲饱饼余喂驻肮鲁鲜鲤鸭鹅面霉鼹斋龟台台里么痴尸卫扫';
/** Simplified code unit per Traditional one, 0 for the rest: a table, since every character of a page is looked up. */
const FOLD = new Uint16Array(65536);
for (let i = 0; i < TRADITIONAL.length; i++) FOLD[TRADITIONAL.charCodeAt(i)] = SIMPLIFIED.charCodeAt(i);

/** One UTF-16 code unit folded to Simplified (all the pairs above are single code units). */
export function foldTraditionalCode(code: number): number {
  return FOLD[code] || code;
}

/** The text with every Traditional character above folded; same length, so offsets carry over. */
export function foldTraditional(text: string): string {
  let i = 0;
  while (i < text.length && FOLD[text.charCodeAt(i)] === 0) i++;
  if (i === text.length) return text;
  const codes = new Uint16Array(text.length);
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    codes[j] = FOLD[c] || c;
  }
  let out = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let j = 0; j < codes.length; j += 8192) out += String.fromCharCode(...codes.subarray(j, j + 8192));
  return out;
}
