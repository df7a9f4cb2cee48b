// liwanbot staff console: what residents will see, before they see it.
//
// Everything the page shows is built with DOM nodes and textContent. The one
// exception is the Telegram preview: the server sends the exact Telegram-HTML
// the resident gets (escaped by the server, <b> only), and even that passes
// through an allow-list of Telegram's tags before it reaches the page.

const I18N = {
  zh: {
    title: (r) => `${r.district || ''}政府工作报告问答`,
    subtitle: '员工控制台 · 居民看到之前先看一遍',
    tabAsk: '提问',
    tabEval: '评测',
    logout: '退出登录',
    questionLabel: '居民的问题',
    questionPlaceholder: '例如:全区托位有多少?',
    askButton: '提问',
    examples: '试试:',
    asking: '正在查找…',
    emptyQuestion: '请先输入一个问题。',
    telegramTitle: '居民在 Telegram 看到的回复',
    figureTitle: '关键数字',
    noFigure: '这条回复没有数字。',
    subject: '指标',
    qualifier: '限定词',
    exact: '无(确切数字)',
    aboutTitle: '出处',
    topic: '主题',
    sentence: '句子编号',
    coverage: '覆盖度',
    terms: '命中词',
    none: '—',
    noTopic: '(本段无标题)',
    suggestionsTitle: '报告中相近的主题',
    suggestionHint: '点击即可提问',
    candidatesTitle: '候选句子(最接近的在前)',
    noCandidates: '没有候选句子:报告里没有与问题相关的内容。',
    cited: '已引用',
    score: '得分',
    paragraphTitle: '原文段落',
    paragraphOf: '段落',
    citedSentence: '高亮为引用的句子',
    noParagraph: '这条回复没有引用报告原文。',
    rawTitle: '原始 JSON(与 liwanbot ask --json 相同)',
    truncated: '问题过长,只读了前面一部分。',
    outcome_answered: '已回答',
    outcome_refused: '婉拒',
    outcome_scope: '超出范围',
    outcome_greeting: '问候',
    outcome_curated: '员工设定的回复',
    details: '技术细节',
    sentenceID: '句子编号',
    refusalTitle: '为什么没有回答',
    refusalLow: (r) => `报告里最接近的一句只覆盖了问题的 ${r.pct},不足以回答。`,
    refusalNone: '报告里没有一句说到这个问题。',
    refusalScope: '问题问的是另一个地区或年份,不在这份报告里。',
    noNearMisses: '报告里没有接近这个问题的句子。',
    coversPct: (r) => `覆盖问题的 ${r.pct}`,
    linkThis: '用这句回答这个问题',
    newCuration: '新的修正',
    trendTitle: '每天的提问',
    legendAnswered: '已回答',
    legendRefused: '婉拒或超出范围',
    trendDay: (r) => `${r.day}:提问 ${r.asked},回答 ${r.answered},婉拒 ${r.refused}`,
    tileAsked: '居民提问',
    tileRefused: '没能回答',
    tileShare: '婉拒率',
    tileDown: '👎',
    tileShareSub: (r) => `${r.n} / ${r.total} 个问题`,
    colNear: '最接近的句子',
    colActions: '修正',
    colAsked: '居民问的是',
    actSynonym: '加同义词',
    actReply: '设置固定回复',
    actNever: '不要用这句回答',
    noQuestion: '(没有记下问题:评分早于记录问题的版本)',
    timesN: (r) => `×${r.n}`,
    curTitle: '修正机器人的回答',
    cancel: '关闭',
    curType: '修正什么',
    typeLink: '用报告里的这句回答这个问题',
    typeSynonym: '这些词就是报告里的某个词(同义词)',
    typeReply: '这类问题给一段固定回复(报告之外的事)',
    typeNever: '这个问题不要用这句回答(👎 属实)',
    curQuestion: '居民的问题',
    curSentence: '报告里的句子',
    curSentenceID: '按句子编号选择',
    curWords: '居民用的词(用逗号分开;一个词可写几种说法,用 | 分开)',
    curTerm: '报告里的词',
    curReplyZH: '中文回复',
    curReplyEN: '英文回复(可不填)',
    curReason: '为什么(会记入修改历史)',
    curCheck: '检查影响',
    curApply: '检查并生效',
    curChecking: '正在用题库和居民问过的问题检查…',
    curAccepted: '安全检查通过:题库里答对的问题没有一个会答错。',
    curRefused: (r) => `不能生效:会让题库里 ${r.n} 个答对的问题答错。`,
    curApplied: (r) => `已生效(修正版本 ${r.version}),几秒内所有实例都会用它回答。`,
    curGolden: (r) => `题库答对:之前 ${r.before} / ${r.total},之后 ${r.after} / ${r.total};比较了居民问过的 ${r.asked} 个问题。`,
    curBroken: '会答错的题库问题',
    curChanged: '回答会改变的问题(之前 → 之后)',
    curUnchanged: '没有哪个问题的回答会改变。',
    goldenQ: '题库',
    before: '之前',
    after: '之后',
    needReason: '请写明为什么:修改历史会记下来。',
    historyTitle: '修正记录',
    noHistory: '还没有人修正过机器人的回答。',
    historyVersion: (r) => `当前修正版本 ${r.version},生效中 ${r.active} 条`,
    kind_link: '用这句回答',
    kind_synonym: '同义词',
    kind_reply: '固定回复',
    kind_never: '不要用这句回答',
    kind_undo: '撤销',
    undoOf: (r) => `撤销第 ${r.version} 条`,
    inForce: '生效中',
    undoneBy: (r) => `已被第 ${r.version} 条撤销`,
    undo: '撤销',
    undoReason: '为什么撤销',
    undoConfirm: '确认撤销',
    undone: (r) => `已撤销(修正版本 ${r.version})。`,
    undoRefused: (r) => `不能撤销:会让题库里这些答对的问题答错:${r.ids}`,
    means: '即报告里的',
    evalTitle: '用题库评测',
    evalIntro: '运行仓库自带的题库,或上传 JSON Lines 题库(格式同 dev.jsonl),查看准确率和答错的题。',
    runBuiltin: '运行内置题库',
    upload: '上传题库文件',
    uploadHint: 'JSON Lines(.jsonl),每行一题',
    botFigure: '机器人给的数字',
    running: '评测中…',
    sourceBuiltin: '内置题库',
    sourceFile: '文件',
    scoredAt: '评测完成',
    total: '题目',
    right: '答对',
    accuracy: '准确率',
    script: '简繁字形保持',
    categoriesTitle: '按语言和题型',
    colLang: '语言',
    colType: '题型',
    colRight: '答对',
    colAccuracy: '准确率',
    failuresTitle: '答错的题',
    noFailures: '全部答对。',
    why: '原因',
    expected: '应引用',
    expectedFigure: '应含数字',
    gotCited: '机器人引用',
    gotReply: '机器人回复',
    errNetwork: '无法连接服务器',
    errAuth: '需要员工令牌,请重新登录。',
    login: '去登录',
    errBadJSON: '服务器返回了无法识别的内容',
    errHTTP: '服务器错误',
    tabFeedback: '反馈',
    feedbackTitle: '居民的反馈',
    feedbackIntro: '机器人婉拒最多的问题,和被点 👎 最多的回答。点击一个问题,即可在“提问”页重新提问;点它旁边的按钮,即可修正机器人的回答(先检查,不会弄错原来答对的问题)。',
    period: '时间段',
    last7d: '最近 7 天',
    last30d: '最近 30 天',
    last90d: '最近 90 天',
    rerun: '重新提问婉拒过的问题',
    reload: '刷新',
    loadingFeedback: '正在读取反馈…',
    rerunning: '正在读取反馈并重新提问…',
    feedbackSince: '统计自',
    reportVersion: '当前报告版本',
    refusedTitle: '婉拒最多的问题',
    dislikedTitle: '👎 最多的回答',
    colCount: '次数',
    colQuestion: '问题',
    colChannel: '渠道',
    colLast: '最近一次',
    colTopics: '给出的主题',
    colNow: '现在的回答',
    colDown: '👎',
    colUp: '👍',
    colSentence: '句子',
    colFigure: '数字',
    colText: '原文与主题',
    noRefused: '这段时间没有婉拒的问题。',
    noDisliked: '这段时间没有被点 👎 的回答。',
    nowAnswered: '现在能回答 ✓',
    nowCurated: '现在给员工设定的回复 ✓',
    stillRefused: '仍然婉拒',
    askAgain: '在“提问”页重新提问',
    firstAsked: '第一次',
    rerunSummary: '重新提问:{n} / {total} 个问题现在能回答。',
    notInReport: '(这条评分针对的是另一版报告,当前报告里没有这句。)',
    noDatabase: '没有数据库:婉拒的问题和 👍/👎 评分没有被记录。',
    noDatabaseHint: '用 liwanbot serve --db <SQLite 文件或 postgres:// 地址> 启动(不要用 --db off),才会保存反馈。',
    footer: (r) => `答案均出自《${r.year ? r.year + '年' : ''}${r.district || ''}政府工作报告》原文。`,
  },
  en: {
    title: (r) => (r.district_en ? `${r.district_en} Report Q&A` : 'Report Q&A'),
    subtitle: 'Staff console · see what residents will see',
    tabAsk: 'Ask',
    tabEval: 'Evaluation',
    logout: 'Log out',
    questionLabel: "A resident's question",
    questionPlaceholder: 'e.g. How many childcare places are planned?',
    askButton: 'Ask',
    examples: 'Try:',
    asking: 'Looking it up…',
    emptyQuestion: 'Type a question first.',
    telegramTitle: 'What the resident sees in Telegram',
    figureTitle: 'The figure',
    noFigure: 'No figure in this reply.',
    subject: 'Subject',
    qualifier: 'Qualifier',
    exact: 'none (exact figure)',
    aboutTitle: 'Source',
    topic: 'Topic',
    sentence: 'Sentence id',
    coverage: 'Coverage',
    terms: 'Matched terms',
    none: '—',
    noTopic: '(untitled paragraph)',
    suggestionsTitle: 'Nearby topics in the report',
    suggestionHint: 'click to ask',
    candidatesTitle: 'Candidate sentences, closest first',
    noCandidates: 'No candidates: nothing in the report matches the question.',
    cited: 'Cited',
    score: 'Score',
    paragraphTitle: 'Source paragraph',
    paragraphOf: 'Paragraph',
    citedSentence: 'the cited sentence is highlighted',
    noParagraph: 'This reply quotes nothing from the report.',
    rawTitle: 'Raw JSON (same as liwanbot ask --json)',
    truncated: 'The question was long: only its start was read.',
    outcome_answered: 'Answered',
    outcome_refused: 'Refused',
    outcome_scope: 'Out of scope',
    outcome_greeting: 'Greeting',
    outcome_curated: 'Staff reply',
    details: 'Details',
    sentenceID: 'Sentence id',
    refusalTitle: 'Why it was not answered',
    refusalLow: (r) => `The closest sentence of the report covers only ${r.pct} of the question: not enough to answer it.`,
    refusalNone: 'No sentence of the report speaks of this question.',
    refusalScope: 'The question is about another district or year than this report.',
    noNearMisses: 'No sentence of the report comes close to this question.',
    coversPct: (r) => `covers ${r.pct} of the question`,
    linkThis: 'Answer the question with this',
    newCuration: 'New correction',
    trendTitle: 'Questions by day',
    legendAnswered: 'Answered',
    legendRefused: 'Refused or out of scope',
    trendDay: (r) => `${r.day}: ${r.asked} asked, ${r.answered} answered, ${r.refused} refused`,
    tileAsked: 'Questions asked',
    tileRefused: 'Not answered',
    tileShare: 'Refused',
    tileDown: '👎',
    tileShareSub: (r) => `${r.n} of ${r.total} questions`,
    colNear: 'Closest sentences',
    colActions: 'Correct',
    colAsked: 'Residents asked',
    actSynonym: 'Add a synonym',
    actReply: 'Set a reply',
    actNever: 'Never answer it with this',
    noQuestion: '(No question kept: rated before questions were kept.)',
    timesN: (r) => `×${r.n}`,
    curTitle: "Correct the bot's answers",
    cancel: 'Close',
    curType: 'What to correct',
    typeLink: 'Answer this question with this sentence of the report',
    typeSynonym: "These words mean one of the report's terms (a synonym)",
    typeReply: 'Give questions about this a fixed reply (help the report does not give)',
    typeNever: 'Never answer this question with this sentence (a 👎 confirmed)',
    curQuestion: "The resident's question",
    curSentence: 'The sentence of the report',
    curSentenceID: 'Choose by sentence id',
    curWords: 'The words residents use (comma-separated; "a|b" for alternatives)',
    curTerm: "The report's term",
    curReplyZH: 'Reply in Chinese',
    curReplyEN: 'Reply in English (optional)',
    curReason: 'Why (the history keeps it)',
    curCheck: 'Check the effect',
    curApply: 'Check and apply',
    curChecking: "Checking against the golden questions and residents' questions…",
    curAccepted: 'The safety check passed: no golden question answered right is answered wrong.',
    curRefused: (r) => `Refused: it would turn ${r.n} golden question${r.n === 1 ? '' : 's'} answered right wrong.`,
    curApplied: (r) => `Applied (curation version ${r.version}); every instance answers with it within seconds.`,
    curGolden: (r) => `Golden questions right: ${r.before} / ${r.total} before, ${r.after} / ${r.total} after; ${r.asked} residents' questions compared.`,
    curBroken: 'Golden questions it would break',
    curChanged: 'Questions whose answer changes (before → after)',
    curUnchanged: 'No answer changes.',
    goldenQ: 'Golden',
    before: 'Before',
    after: 'After',
    needReason: 'Say why: the history keeps it.',
    historyTitle: 'Corrections made',
    noHistory: "Nobody has corrected the bot's answers yet.",
    historyVersion: (r) => `Curation version ${r.version}; ${r.active} in force`,
    kind_link: 'Answer with',
    kind_synonym: 'Synonym',
    kind_reply: 'Fixed reply',
    kind_never: 'Never answer with',
    kind_undo: 'Undo',
    undoOf: (r) => `undoes #${r.version}`,
    inForce: 'In force',
    undoneBy: (r) => `undone by #${r.version}`,
    undo: 'Undo',
    undoReason: 'Why undo it',
    undoConfirm: 'Undo it',
    undone: (r) => `Undone (curation version ${r.version}).`,
    undoRefused: (r) => `Cannot undo: these golden questions answered right would go wrong: ${r.ids}`,
    means: "means the report's",
    evalTitle: 'Score a question file',
    evalIntro: "Run the repo's own golden file, or upload a JSON-lines file (the dev.jsonl format), to see accuracy and every miss.",
    runBuiltin: 'Run built-in golden file',
    upload: 'Upload a question file',
    uploadHint: 'JSON lines (.jsonl), one question a line',
    botFigure: "Bot's figure",
    running: 'Scoring…',
    sourceBuiltin: 'built-in golden file',
    sourceFile: 'file',
    scoredAt: 'Scored',
    total: 'Questions',
    right: 'Right',
    accuracy: 'Accuracy',
    script: 'Script kept',
    categoriesTitle: 'By language and type',
    colLang: 'Language',
    colType: 'Type',
    colRight: 'Right',
    colAccuracy: 'Accuracy',
    failuresTitle: 'Misses',
    noFailures: 'No misses.',
    why: 'Why',
    expected: 'Expected',
    expectedFigure: 'Expected figure',
    gotCited: 'Bot cited',
    gotReply: 'Bot replied',
    errNetwork: 'Cannot reach the server',
    errAuth: 'A staff token is needed: log in again.',
    login: 'Log in',
    errBadJSON: 'The server sent something unexpected',
    errHTTP: 'Server error',
    tabFeedback: 'Feedback',
    feedbackTitle: "Residents' feedback",
    feedbackIntro: 'The questions the bot refused most often, and the answers with the most 👎. Click a question to ask it again in the Ask view; click the buttons beside it to correct the bot (checked first: nothing answered right goes wrong).',
    period: 'Period',
    last7d: 'Last 7 days',
    last30d: 'Last 30 days',
    last90d: 'Last 90 days',
    rerun: 'Re-run refused questions',
    reload: 'Refresh',
    loadingFeedback: 'Reading feedback…',
    rerunning: 'Reading feedback and asking again…',
    feedbackSince: 'Since',
    reportVersion: 'Report version now',
    refusedTitle: 'Most refused questions',
    dislikedTitle: 'Answers with the most 👎',
    colCount: 'Times',
    colQuestion: 'Question',
    colChannel: 'Channel',
    colLast: 'Last asked',
    colTopics: 'Topics offered',
    colNow: 'Answer now',
    colDown: '👎',
    colUp: '👍',
    colSentence: 'Sentence',
    colFigure: 'Figure',
    colText: 'Text and topic',
    noRefused: 'No refused questions in this period.',
    noDisliked: 'No answer got a 👎 in this period.',
    nowAnswered: 'Now answered ✓',
    nowCurated: 'Now gets a staff reply ✓',
    stillRefused: 'Still refused',
    askAgain: 'Ask it again in the Ask view',
    firstAsked: 'First asked',
    rerunSummary: 'Re-run: {n} of {total} questions are answered now.',
    notInReport: '(Rated on another version of the report: the current one does not hold this sentence.)',
    noDatabase: 'No database: refused questions and 👍/👎 ratings are not being recorded.',
    noDatabaseHint: 'Start liwanbot serve with --db <an SQLite file or a postgres:// URL> (not --db off) to keep feedback.',
    footer: (r) => `Every answer quotes ${r.district_en ? r.district_en + "'s" : 'the'} ${r.year ? r.year + ' ' : ''}Government Work Report.`,
  },
};

const LANGS = {
  zh: { 'zh-Hans': '简体', 'zh-Hant': '繁体', yue: '粤语', en: '英文' },
  en: { 'zh-Hans': 'Simplified', 'zh-Hant': 'Traditional', yue: 'Cantonese', en: 'English' },
};
const CHANNELS = {
  zh: { telegram: 'Telegram', api: 'API', console: '控制台' },
  en: { telegram: 'Telegram', api: 'API', console: 'Console' },
};
const TYPES = {
  zh: { fact: '事实', figure: '数字', offtopic: '题外', trap: '陷阱', keyword: '关键词', typo: '错别字' },
  en: { fact: 'Fact', figure: 'Figure', offtopic: 'Off topic', trap: 'Trap', keyword: 'Keyword', typo: 'Typo' },
};
const WHY = {
  zh: {
    'not answered': '未作答',
    'wrong source': '引用的句子不对',
    'figure missing': '缺少应有的数字',
    'source too long': '引用过长',
    'answered a question it should have declined': '本应婉拒却作答',
    'stated a figure the report does not give': '给了报告里没有的数字',
  },
  en: {},
};

const $ = (sel) => document.querySelector(sel);

const state = {
  lang: 'zh',
  view: 'ask',
  ask: null, // the last /api/console reply
  askSeq: 0,
  evalResult: null, // { report, source }
  evalBusy: false,
  fb: null, // the last /api/report reply
  fbError: null, // or the error reading it
  fbSeq: 0,
  about: {}, // the report answered from (/api/about): its year and district name it in the title and footer
  aboutP: Promise.resolve({}), // the same, once it has come
};

function t(key) {
  const v = I18N[state.lang][key] ?? I18N.zh[key] ?? key;
  return typeof v === 'function' ? v(state.about) : v;
}

// tf is a text with values put in: tf('curRefused', { n: 2 }).
function tf(key, vars) {
  const v = I18N[state.lang][key] ?? I18N.zh[key] ?? key;
  return typeof v === 'function' ? v(vars) : fill(v, vars);
}

// el builds an element: el('span', {class: 'x'}, 'text', child, …).
function el(tag, attrs, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') n.className = v;
    else if (k === 'text') n.textContent = v;
    else n.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    n.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return n;
}

function pct(x) {
  if (typeof x !== 'number' || !isFinite(x)) return '—';
  return (x * 100).toFixed(1).replace(/\.0$/, '') + '%';
}

// plainPct is a share as a whole percentage, never below 0: what staff
// read of a coverage.
function plainPct(x) {
  if (typeof x !== 'number' || !isFinite(x)) return '—';
  return Math.round(Math.max(0, Math.min(1, x)) * 100) + '%';
}

// phrases are the words of text the terms match, as a reader sees them:
// the search matches overlapping pairs of characters (全区, 区托, 托位),
// and 区托 is no word of anyone's; merged where they overlap in the text,
// they read 全区托位. Terms the text does not hold (English ones against
// Chinese text) are kept as they are.
function phrases(text, terms) {
  text = String(text ?? '');
  const lower = text.toLowerCase();
  const foldable = lower.length === text.length;
  const hay = foldable ? lower : text;
  const hit = new Uint8Array(text.length);
  const loose = [];
  for (const raw of terms || []) {
    const term = String(raw ?? '');
    if (!term) continue;
    const needle = foldable ? term.toLowerCase() : term;
    let found = false;
    for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) {
      hit.fill(1, i, i + needle.length);
      found = true;
    }
    if (!found) loose.push(term);
  }
  const out = [];
  for (let i = 0; i < text.length;) {
    if (!hit[i]) { i++; continue; }
    let j = i;
    while (j < text.length && hit[j]) j++;
    const p = text.slice(i, j).trim();
    if (p && !out.includes(p)) out.push(p);
    i = j;
  }
  for (const term of loose) if (!out.includes(term)) out.push(term);
  return out;
}

function outcomeName(outcome) {
  const label = t('outcome_' + outcome);
  return label === 'outcome_' + outcome ? outcome : label;
}

// idDetails is a sentence id behind a toggle: staff rarely need it, and
// developers can still find it.
function idDetails(id) {
  return el('details', { class: 'ids sid-details' }, el('summary', {}, t('details')),
    el('span', { class: 'muted' }, t('sentenceID') + ' '), el('code', { class: 'sid' }, id));
}

// ---------------------------------------------------------------- language

function detectLang() {
  try {
    const saved = localStorage.getItem('liwanbot.lang');
    if (saved === 'zh' || saved === 'en') return saved;
  } catch { /* storage may be off */ }
  const q = new URLSearchParams(location.search).get('lang');
  if (q === 'en' || q === 'zh') return q;
  return 'zh';
}

function setLang(lang) {
  state.lang = lang;
  try { localStorage.setItem('liwanbot.lang', lang); } catch { /* ignore */ }
  applyLang();
  if (state.ask) renderAsk(state.ask);
  if (state.evalResult) renderEval(state.evalResult);
  if (state.fb) renderFeedback(state.fb);
  if (cur.history) renderHistory(cur.history);
  if (cur.last && !$('#cur-result').hidden) renderCheck(cur.last.rep, cur.last.how);
  if (state.fbError) showFeedbackError(state.fbError);
}

function applyLang() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-Hans' : 'en';
  for (const n of document.querySelectorAll('[data-i18n]')) n.textContent = t(n.dataset.i18n);
  for (const n of document.querySelectorAll('[data-i18n-placeholder]')) n.placeholder = t(n.dataset.i18nPlaceholder);
  for (const b of document.querySelectorAll('.lang-btn')) b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  document.title = `liwanbot · ${t('title')}`;
}

// ------------------------------------------------------------------ routing

const VIEWS = ['ask', 'eval', 'feedback'];

function route() {
  const hash = location.hash.slice(1);
  const view = VIEWS.includes(hash) ? hash : 'ask';
  state.view = view;
  for (const v of VIEWS) {
    $('#view-' + v).hidden = v !== view;
    $('#tab-' + v).setAttribute('aria-selected', String(v === view));
  }
  document.body.dataset.view = view;
  // The feedback is read when its tab is first opened, not on every load.
  if (view === 'feedback' && !state.fb && !state.fbError && !state.fbSeq) loadFeedback();
}

// --------------------------------------------------------------------- API

class APIError extends Error {
  constructor(message, status, body) {
    super(message);
    this.status = status;
    this.body = body ?? null; // the API's JSON, when it sent one
  }
}

async function api(url, init) {
  let res;
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, ...init });
  } catch (err) {
    throw new APIError(`${t('errNetwork')}: ${err.message}`, 0);
  }
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: a proxy's error page, or a redirect to the login form
  }
  if (!res.ok || res.redirected) {
    const msg = body && typeof body.error === 'string' ? body.error : `${res.status} ${res.statusText}`.trim();
    throw new APIError(msg, res.status || (res.redirected ? 401 : 0), body);
  }
  if (body === null || typeof body !== 'object') {
    throw new APIError(`${t('errBadJSON')} (HTTP ${res.status})`, res.status);
  }
  return body;
}

function showError(box, err) {
  box.replaceChildren();
  if (!err) {
    box.hidden = true;
    return;
  }
  const status = err.status ? `${t('errHTTP')} ${err.status}: ` : '';
  box.append(el('strong', {}, status), err.message || String(err));
  if (err.status === 401) {
    box.append(' ', el('span', {}, t('errAuth')), ' ', el('a', { href: '/login' }, t('login')));
  }
  box.hidden = false;
}

// ---------------------------------------------------------------- ask view

async function ask(q) {
  q = (q ?? $('#question').value).trim();
  const errBox = $('#ask-error');
  if (!q) {
    showError(errBox, new APIError(t('emptyQuestion'), 0));
    $('#question').focus();
    return;
  }
  $('#question').value = q;
  const seq = ++state.askSeq;
  showError(errBox, null);
  $('#ask-status').textContent = t('asking');
  $('#ask').disabled = true;
  document.body.classList.add('busy');
  try {
    const v = await api('/api/console?q=' + encodeURIComponent(q));
    if (seq !== state.askSeq) return; // a newer question is on its way
    state.ask = v;
    renderAsk(v);
  } catch (err) {
    if (seq !== state.askSeq) return;
    showError(errBox, err);
  } finally {
    if (seq === state.askSeq) {
      $('#ask-status').textContent = '';
      $('#ask').disabled = false;
      document.body.classList.remove('busy');
    }
  }
}

// highlight returns text as nodes, with every occurrence of the terms
// wrapped in <mark>. Overlapping terms (the search's bigrams: 全区, 区托,
// 托位) merge into one mark.
function highlight(text, terms) {
  const frag = document.createDocumentFragment();
  text = String(text ?? '');
  const hit = new Uint8Array(text.length);
  const lower = text.toLowerCase();
  const foldable = lower.length === text.length;
  for (const raw of terms || []) {
    const term = String(raw);
    if (!term) continue;
    const hay = foldable ? lower : text;
    const needle = foldable ? term.toLowerCase() : term;
    for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) {
      hit.fill(1, i, i + needle.length);
    }
  }
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || hit[i] !== hit[start]) {
      const piece = text.slice(start, i);
      frag.append(hit[start] ? el('mark', { class: 'term' }, piece) : document.createTextNode(piece));
      start = i;
    }
  }
  return frag;
}

// Telegram's HTML: the tags the Bot API accepts. Anything else is dropped to
// its text, and no attribute survives but a link's http(s) href.
const TG_TAGS = new Set(['B', 'STRONG', 'I', 'EM', 'U', 'INS', 'S', 'STRIKE', 'DEL', 'CODE', 'PRE', 'A', 'BLOCKQUOTE', 'TG-SPOILER']);

function telegramHTML(html) {
  const tpl = document.createElement('template');
  tpl.innerHTML = String(html ?? ''); // server-escaped Telegram HTML; inert inside a template
  const clean = (node) => {
    for (const child of [...node.childNodes]) {
      if (child.nodeType === Node.TEXT_NODE) continue;
      if (child.nodeType !== Node.ELEMENT_NODE || !TG_TAGS.has(child.tagName)) {
        child.replaceWith(document.createTextNode(child.textContent));
        continue;
      }
      const href = child.tagName === 'A' ? child.getAttribute('href') : null;
      for (const a of [...child.attributes]) child.removeAttribute(a.name);
      if (href && /^https?:\/\//i.test(href)) {
        child.setAttribute('href', href);
        child.setAttribute('rel', 'noopener noreferrer');
        child.setAttribute('target', '_blank');
      }
      clean(child);
    }
  };
  clean(tpl.content);
  return tpl.content;
}

function renderAsk(v) {
  const a = v.answer || {};
  const sources = Array.isArray(a.sources) ? a.sources : [];
  const answered = !!a.answered;
  const outcome = a.outcome || (answered ? 'answered' : 'refused');

  $('#result').hidden = false;
  const badge = $('#outcome');
  badge.textContent = outcomeName(outcome);
  badge.className = 'badge badge-' + outcome.replace(/[^a-z]/g, '');
  badge.dataset.outcome = outcome;
  $('#result-question').textContent = a.question || '';

  // (1) Telegram preview.
  $('#tg-question').textContent = a.question || '';
  const tg = $('#telegram');
  tg.replaceChildren();
  const messages = (v.telegram && Array.isArray(v.telegram.messages)) ? v.telegram.messages : [];
  for (const m of messages) {
    const bubble = el('div', { class: 'tg-in' });
    bubble.append(telegramHTML(m));
    tg.append(bubble);
  }
  if (a.truncated) tg.append(el('p', { class: 'tg-note' }, t('truncated')));
  const kb = $('#keyboard');
  kb.replaceChildren();
  const rows = (v.telegram && Array.isArray(v.telegram.buttons)) ? v.telegram.buttons : [];
  for (const row of rows) {
    const r = el('div', { class: 'tg-kb-row' });
    for (const label of row || []) r.append(el('span', { class: 'tg-kb-btn' }, label));
    kb.append(r);
  }
  kb.hidden = rows.length === 0;

  // Figure.
  const f = a.figure;
  $('#figure-body').hidden = !f;
  $('#figure-none').hidden = !!f;
  $('#figure').classList.toggle('has-figure', !!f);
  if (f) {
    $('#figure-text').textContent = f.text || `${f.qualifier || ''}${f.value || ''}${f.unit || ''}`;
    $('#figure-subject').textContent = f.subject || t('none');
    $('#figure-qualifier').textContent = f.qualifier || t('exact');
  } else {
    $('#figure-text').textContent = '';
  }

  // Source facts.
  const top = answered ? sources[0] : null;
  const para = v.paragraph;
  const topic = (top && top.topic) || (para && para.topic) || '';
  $('#topic').textContent = topic || (top ? t('noTopic') : t('none'));
  $('#cited-id').textContent = top ? top.id : t('none');
  $('#coverage').textContent = answered ? plainPct(a.coverage) : t('none');
  const terms = $('#terms');
  terms.replaceChildren();
  const topText = top ? [top.text, top.text_en].filter(Boolean).join('\n') : '';
  for (const term of phrases(topText, a.terms)) terms.append(el('span', { class: 'term-chip' }, term));
  if (!terms.childNodes.length) terms.textContent = t('none');

  // A refusal explained: its line, and the sentences that came closest;
  // it has no source to show.
  $('#meta-card').hidden = !top && (outcome === 'refused' || outcome === 'scope');
  renderRefusal(a);

  // Suggestions (refusals).
  const sugg = Array.isArray(a.suggestions) ? a.suggestions : [];
  $('#suggestions-card').hidden = sugg.length === 0;
  const sbox = $('#suggestions');
  sbox.replaceChildren();
  for (const s of sugg) {
    sbox.append(el('button', { type: 'button', class: 'chip suggestion', title: t('suggestionHint') }, s));
  }

  // (2) Ranked candidates.
  const list = $('#candidates');
  list.replaceChildren();
  sources.forEach((s, i) => {
    const cited = answered && i === 0;
    const li = el('li', { class: 'candidate' + (cited ? ' cited' : ''), 'data-id': s.id });
    const head = el('div', { class: 'cand-head' },
      el('span', { class: 'rank' }, `#${i + 1}`),
      s.topic ? el('span', { class: 'cand-topic' }, s.topic) : null,
      s.topic_en ? el('span', { class: 'cand-topic cand-topic-en', lang: 'en' }, s.topic_en) : null,
      cited ? el('span', { class: 'badge badge-cited' }, t('cited')) : null,
    );
    const text = el('p', { class: 'cand-text' });
    text.append(highlight(s.text, s.terms));
    // The unofficial English rendering, as English readers get it on
    // Telegram, under the report's own words.
    const textEN = s.text_en ? el('p', { class: 'cand-text-en', lang: 'en' }, s.text_en) : null;
    const cov = typeof s.coverage === 'number' ? Math.max(0, Math.min(1, s.coverage)) : 0;
    const bar = el('span', { class: 'bar' }, el('span', { class: 'bar-fill' }));
    bar.firstChild.style.width = (cov * 100).toFixed(1) + '%'; // CSSOM, allowed by the CSP
    const meta = el('div', { class: 'cand-meta' },
      el('span', { class: 'metric' }, el('span', { class: 'metric-label' }, t('coverage')), ' ', bar, ' ',
        el('strong', {}, plainPct(s.coverage))),
    );
    const termBox = el('span', { class: 'cand-terms' });
    for (const term of phrases([s.text, s.text_en].filter(Boolean).join('\n'), s.terms)) termBox.append(el('span', { class: 'term-chip' }, term));
    if (termBox.childNodes.length) meta.append(termBox);
    li.append(head, text, ...(textEN ? [textEN] : []), meta, idDetails(s.id));
    list.append(li);
  });
  $('#candidates-none').hidden = sources.length > 0;

  // (3) The paragraph around the answer.
  const pbox = $('#paragraph');
  pbox.replaceChildren();
  if (para && Array.isArray(para.sentences)) {
    pbox.append(el('p', { class: 'para-head' },
      el('span', {}, para.topic || t('noTopic')),
      el('span', { class: 'muted' }, ` · ${t('citedSentence')}`)));
    const p = el('p', { class: 'para-text' });
    for (const s of para.sentences) {
      const span = el('span', { class: 'sentence' + (s.cited ? ' cited' : ''), 'data-id': s.id });
      if (s.cited) span.append(highlight(s.text, top ? top.terms : a.terms));
      else span.textContent = s.text;
      p.append(span);
    }
    pbox.append(p, idDetails(para.id));
  } else {
    pbox.append(el('p', { class: 'muted' }, t('noParagraph')));
  }

  $('#raw').textContent = JSON.stringify(v.answer, null, 2);
}

// renderRefusal explains a refusal: the line the resident read, why, and
// the sentences that came closest, each one click from being linked.
function renderRefusal(a) {
  const refused = a.outcome === 'refused' || a.outcome === 'scope';
  $('#refusal-card').hidden = !refused;
  const list = $('#near-misses');
  list.replaceChildren();
  if (!refused) return;
  const first = String(a.answer || '').split('\n')[0];
  $('#refusal-line').textContent = first;
  // A refusal that guessed what was meant cites its guess instead.
  let near = Array.isArray(a.near_misses) ? a.near_misses : [];
  if (!near.length && Array.isArray(a.sources)) near = a.sources.slice(0, 3);
  let why = t('refusalNone');
  if (a.outcome === 'scope') why = t('refusalScope');
  else if (near.length) why = tf('refusalLow', { pct: plainPct(near[0].coverage) });
  $('#refusal-why').textContent = why;
  $('#near-none').hidden = near.length > 0 || a.outcome === 'scope';
  for (const s of near) list.append(nearItem(s, a.question, near));
}

// nearItem is one near-miss sentence: its words, its topic, how much of
// the question it covers, and the action that links the question to it.
function nearItem(s, question, all) {
  const li = el('li', { class: 'near', 'data-id': s.sentence ?? s.id });
  const id = s.sentence ?? s.id;
  const text = el('span', { class: 'near-text' });
  text.append(highlight(s.text, s.terms));
  li.append(text,
    el('span', { class: 'near-meta' },
      s.topic ? el('span', { class: 'tag near-topic' }, s.topic) : null, ' ',
      el('span', { class: 'near-cov' }, tf('coversPct', { pct: plainPct(s.coverage) }))),
    el('button', { type: 'button', class: 'btn small act-link', 'data-sentence': id }, t('linkThis')),
    idDetails(id));
  li.querySelector('.act-link').addEventListener('click', () =>
    openCuration({ type: 'link', question, sentence: id }, all));
  return li;
}

// --------------------------------------------------------------- eval view

async function runEval(source, init) {
  if (state.evalBusy) return;
  state.evalBusy = true;
  const errBox = $('#eval-error');
  showError(errBox, null);
  $('#eval-status').textContent = t('running');
  $('#run-builtin').disabled = true;
  $('#eval-file').disabled = true;
  document.body.classList.add('busy');
  try {
    const url = source.builtin ? '/api/eval?set=builtin' : '/api/eval';
    const report = await api(url, { method: 'POST', ...init });
    state.evalResult = { report, source };
    renderEval(state.evalResult);
  } catch (err) {
    showError(errBox, err);
    $('#eval-status').textContent = '';
  } finally {
    state.evalBusy = false;
    $('#run-builtin').disabled = false;
    $('#eval-file').disabled = false;
    document.body.classList.remove('busy');
  }
}

function langName(code) {
  return LANGS[state.lang][code] || code || '—';
}
function typeName(code) {
  return TYPES[state.lang][code] || code || '—';
}

function renderEval({ report: r, source }) {
  $('#eval-result').hidden = false;
  const src = source.builtin ? t('sourceBuiltin') : `${t('sourceFile')} ${source.name}`;
  $('#eval-status').textContent = `${t('scoredAt')}: ${src}`;

  const tile = (id, label, value, sub, cls) => el('div', { class: 'tile' + (cls ? ' ' + cls : ''), id },
    el('span', { class: 'tile-label' }, label),
    el('span', { class: 'tile-value' }, value),
    sub ? el('span', { class: 'tile-sub' }, sub) : null);
  const accClass = r.accuracy >= 0.9 ? 'good' : r.accuracy >= 0.75 ? 'fair' : 'poor';
  const summary = $('#eval-summary');
  summary.replaceChildren(
    tile('eval-accuracy', t('accuracy'), pct(r.accuracy), `${r.right} / ${r.total}`, 'tile-main ' + accClass),
    tile('eval-total', t('total'), String(r.total)),
    tile('eval-right', t('right'), String(r.right)),
    r.script && r.script.total ? tile('eval-script', t('script'), `${r.script.right} / ${r.script.total}`) : null,
  );
  summary.dataset.total = r.total;

  const tbody = $('#categories tbody');
  tbody.replaceChildren();
  for (const c of r.categories || []) {
    const bar = el('span', { class: 'bar' }, el('span', { class: 'bar-fill' }));
    bar.firstChild.style.width = (Math.max(0, Math.min(1, c.accuracy || 0)) * 100).toFixed(1) + '%';
    const acc = el('td', { class: 'acc-col' }, bar, ' ', el('span', { class: 'acc' }, pct(c.accuracy)));
    if (c.right < c.total) acc.classList.add('miss');
    tbody.append(el('tr', {},
      el('td', {}, langName(c.lang)),
      el('td', {}, typeName(c.type)),
      el('td', { class: 'num' }, `${c.right} / ${c.total}`),
      acc));
  }

  const fails = Array.isArray(r.failures) ? r.failures : [];
  $('#failures-count').textContent = String(fails.length);
  $('#failures-none').hidden = fails.length > 0;
  const list = $('#failures');
  list.replaceChildren();
  for (const f of fails) {
    const got = f.got || {};
    const top = got.answered && Array.isArray(got.sources) ? got.sources[0] : null;
    const why = WHY[state.lang][f.why];
    const li = el('li', { class: 'failure', 'data-id': f.id },
      el('div', { class: 'fail-head' },
        el('code', { class: 'sid' }, f.id),
        el('span', { class: 'tag' }, langName(f.lang)),
        el('span', { class: 'tag' }, typeName(f.type)),
        el('span', { class: 'why' }, why ? `${why} (${f.why})` : f.why)),
      el('p', { class: 'fail-q' }, f.question),
    );
    const dl = el('dl', { class: 'facts fail-facts' });
    if (f.expect && f.expect.length) dl.append(el('dt', {}, t('expected')), el('dd', {}, f.expect.join(' / ')));
    if (f.figure && f.figure.length) dl.append(el('dt', {}, t('expectedFigure')), el('dd', {}, f.figure.join(' / ')));
    if (top) {
      const dd = el('dd', { class: 'got' }, el('code', { class: 'sid' }, top.id), ' ');
      dd.append(highlight(top.text, top.terms));
      dl.append(el('dt', {}, t('gotCited')), dd);
      if (got.figure && got.figure.text) {
        dl.append(el('dt', {}, t('botFigure')), el('dd', {}, el('span', { class: 'tag tag-figure' }, got.figure.text)));
      }
    } else {
      const outcome = got.outcome || 'refused';
      dl.append(el('dt', {}, t('gotReply')), el('dd', { class: 'got' },
        el('span', { class: 'badge badge-' + outcome.replace(/[^a-z]/g, '') }, t('outcome_' + outcome)), ' ', got.answer || ''));
    }
    li.append(dl);
    list.append(li);
  }
}

// ----------------------------------------------------------- feedback view

async function loadFeedback() {
  loadHistory();
  const since = $('#fb-since').value || '7d';
  const rerun = $('#fb-rerun').checked;
  const seq = ++state.fbSeq;
  $('#feedback-status').textContent = t(rerun ? 'rerunning' : 'loadingFeedback');
  $('#view-feedback').setAttribute('aria-busy', 'true');
  try {
    const r = await api(`/api/report?since=${encodeURIComponent(since)}&limit=20${rerun ? '&rerun=1' : ''}`);
    if (seq !== state.fbSeq) return; // the period or re-run changed meanwhile
    state.fb = { report: r, since, rerun };
    state.fbError = null;
    showFeedbackError(null);
    renderFeedback(state.fb);
  } catch (err) {
    if (seq !== state.fbSeq) return;
    state.fb = null;
    state.fbError = err;
    $('#feedback-result').hidden = true;
    $('#feedback-status').textContent = '';
    showFeedbackError(err);
  } finally {
    if (seq === state.fbSeq) $('#view-feedback').removeAttribute('aria-busy');
  }
}

// showFeedbackError shows the API's error; no database is not a fault of
// the page, so it says what to do about it.
function showFeedbackError(err) {
  const box = $('#feedback-error');
  const noDB = !!err && err.status === 503 && /no database/i.test(err.message || '');
  box.classList.toggle('nodb', noDB);
  if (!noDB) {
    showError(box, err);
    return;
  }
  box.replaceChildren(
    el('strong', { class: 'nodb-title' }, t('noDatabase')),
    el('span', { class: 'nodb-hint' }, t('noDatabaseHint')),
    el('span', { class: 'nodb-server' }, `HTTP ${err.status}: ${err.message}`),
  );
  box.hidden = false;
}

function fmtTime(iso, withYear) {
  const d = new Date(iso);
  if (!iso || isNaN(d)) return iso ? String(iso) : t('none');
  const opts = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false };
  if (withYear) opts.year = 'numeric';
  try {
    return new Intl.DateTimeFormat(state.lang === 'zh' ? 'zh-CN' : 'en-GB', opts).format(d);
  } catch {
    return d.toISOString();
  }
}

function channelName(code) {
  return CHANNELS[state.lang][code] || code || t('none');
}

function fill(template, vars) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

// cell is one table cell, labelled for the stacked layout on phones.
function cell(labelKey, cls, ...children) {
  return el('td', { class: cls, 'data-label': t(labelKey) }, el('div', { class: 'cell' }, ...children));
}

function renderFeedback({ report: r }) {
  $('#feedback-result').hidden = false;
  const status = [`${t('feedbackSince')} ${fmtTime(r.since, true)}`];
  if (r.report) status.push(`${t('reportVersion')} ${String(r.report).slice(0, 12)}`);
  $('#feedback-status').textContent = status.join(' · ');
  renderActivity(r.activity || {});

  // Refused questions.
  const refused = Array.isArray(r.refused) ? r.refused : [];
  const rerun = refused.some((q) => q && q.now);
  const table = $('#refused');
  table.classList.toggle('show-now', rerun);
  table.hidden = refused.length === 0;
  $('#refused-none').hidden = refused.length > 0;
  $('#refused-count').textContent = refused.length ? String(refused.length) : '';
  const tbody = table.tBodies[0];
  tbody.replaceChildren();
  let nowAnswered = 0;
  for (const q of refused) {
    const now = q.now || null;
    // A staff reply answers it too, in staff's words.
    const curatedNow = !!now && now.outcome === 'curated';
    const answeredNow = !!now && (now.outcome === 'answered' || curatedNow);
    if (answeredNow) nowAnswered++;
    const tr = el('tr', { class: 'refused-row' + (answeredNow ? ' now-answered' : ''), 'data-question': q.question,
      'data-now': now ? (curatedNow ? 'curated' : answeredNow ? 'answered' : 'refused') : null });

    const qcell = [el('button', { type: 'button', class: 'q-link', title: t('askAgain') }, q.question)];
    if (q.outcome && q.outcome !== 'refused') {
      qcell.push(' ', el('span', { class: 'tag' }, outcomeName(q.outcome)));
    }
    const topics = el('span', { class: 'topic-list' });
    for (const topic of q.topics || []) topics.append(el('span', { class: 'tag topic' }, topic));
    if (!topics.childNodes.length) topics.textContent = t('none');

    const nowCell = [];
    if (now) {
      nowCell.push(el('span', { class: 'badge now-badge ' + (answeredNow ? 'badge-answered' : 'badge-refused') },
        t(curatedNow ? 'nowCurated' : answeredNow ? 'nowAnswered' : 'stillRefused')));
      if (answeredNow && now.figure) nowCell.push(' ', el('span', { class: 'tag tag-figure now-figure' }, now.figure));
      if (answeredNow && now.sentence) nowCell.push(idDetails(now.sentence));
      // An answer's first line is its figure, already shown.
      if (now.answer && now.answer !== now.figure) nowCell.push(el('span', { class: 'now-answer' }, now.answer));
    }

    const near = Array.isArray(q.near) ? q.near : [];
    const nearList = el('ol', { class: 'near-list' });
    for (const n of near) nearList.append(nearItem(n, q.question, near));
    const actions = el('div', { class: 'act-list' },
      el('button', { type: 'button', class: 'btn small act-synonym' }, t('actSynonym')),
      el('button', { type: 'button', class: 'btn small act-reply' }, t('actReply')));
    actions.querySelector('.act-synonym').addEventListener('click', () => openCuration({ type: 'synonym', words: [q.question] }, near));
    actions.querySelector('.act-reply').addEventListener('click', () => openCuration({ type: 'reply', words: [q.question] }, near));

    tr.append(
      cell('colCount', 'num count-col', el('strong', {}, String(q.count ?? ''))),
      cell('colQuestion', 'q-col', ...qcell),
      cell('colLang', 'nowrap', langName(q.lang)),
      cell('colChannel', 'nowrap', channelName(q.channel)),
      cell('colLast', 'time-col', el('time', { datetime: q.last, title: `${t('firstAsked')}: ${fmtTime(q.first, true)}` }, fmtTime(q.last))),
      cell('colTopics', 'topics-col', topics),
      cell('colNear', 'near-col', near.length ? nearList : t('none')),
      cell('colNow', 'now-col', ...nowCell),
      cell('colActions', 'act-col', actions),
    );
    tbody.append(tr);
  }
  const summary = $('#rerun-summary');
  summary.hidden = !rerun;
  summary.textContent = rerun ? fill(t('rerunSummary'), { n: nowAnswered, total: refused.length }) : '';
  summary.classList.toggle('some', nowAnswered > 0);

  // Disliked answers.
  const disliked = Array.isArray(r.disliked) ? r.disliked : [];
  const dtable = $('#disliked');
  dtable.hidden = disliked.length === 0;
  $('#disliked-none').hidden = disliked.length > 0;
  $('#disliked-count').textContent = disliked.length ? String(disliked.length) : '';
  const dbody = dtable.tBodies[0];
  dbody.replaceChildren();
  for (const a of disliked) {
    const text = a.text
      ? [el('span', { class: 'disliked-text' }, a.text), el('span', { class: 'disliked-topic' }, `${t('topic')}: ${a.topic || t('noTopic')}`)]
      : [el('span', { class: 'muted' }, t('notInReport'))];
    const asked = el('ul', { class: 'asked-list' });
    for (const q of Array.isArray(a.questions) ? a.questions : []) {
      const b = el('button', { type: 'button', class: 'btn small act-never', 'data-question': q.question, 'data-sentence': a.sentence }, t('actNever'));
      b.addEventListener('click', () => openCuration({ type: 'never', question: q.question, sentence: a.sentence },
        a.text ? [{ sentence: a.sentence, text: a.text, topic: a.topic }] : []));
      asked.append(el('li', { class: 'asked', 'data-question': q.question },
        el('button', { type: 'button', class: 'q-link', title: t('askAgain') }, q.question), ' ',
        el('span', { class: 'muted' }, tf('timesN', { n: q.count })), ' ', b));
    }
    if (!asked.childNodes.length) asked.append(el('li', { class: 'muted' }, t('noQuestion')));
    dbody.append(el('tr', { class: 'disliked-row', 'data-sentence': a.sentence },
      cell('colDown', 'num down', el('strong', {}, String(a.down ?? 0))),
      cell('colUp', 'num up', String(a.up ?? 0)),
      cell('colAsked', 'asked-col', asked),
      cell('colFigure', 'figure-col', a.figure ? el('span', { class: 'tag tag-figure' }, a.figure) : t('none')),
      cell('colText', 'text-col', ...text, idDetails(a.sentence)),
    ));
  }
}

// renderActivity shows the period's counts and their trend, day by day.
function renderActivity(act) {
  const tot = act.totals || {};
  const notAnswered = (tot.refused || 0) + (tot.scope || 0);
  const tile = (id, label, value, sub, cls) => el('div', { class: 'tile' + (cls ? ' ' + cls : ''), id },
    el('span', { class: 'tile-label' }, label),
    el('span', { class: 'tile-value' }, value),
    sub ? el('span', { class: 'tile-sub' }, sub) : null);
  const share = act.refused_share || 0;
  $('#fb-summary').replaceChildren(
    tile('fb-asked', t('tileAsked'), String(tot.asked || 0)),
    tile('fb-refused', t('tileRefused'), String(notAnswered)),
    tile('fb-share', t('tileShare'), plainPct(share), tf('tileShareSub', { n: notAnswered, total: tot.asked || 0 }),
      'tile-main ' + (share <= 0.1 ? 'good' : share <= 0.25 ? 'fair' : 'poor')),
    tile('fb-down', t('tileDown'), String(tot.down || 0)),
  );
  const days = Array.isArray(act.days) ? act.days : [];
  const top = Math.max(1, ...days.map((d) => d.asked || 0));
  const trend = $('#trend');
  trend.replaceChildren();
  trend.setAttribute('aria-label', t('trendTitle'));
  for (const d of days) {
    const refused = (d.refused || 0) + (d.scope || 0);
    const col = el('div', { class: 'trend-day', 'data-day': d.day, 'data-asked': d.asked || 0, 'data-refused': refused,
      title: tf('trendDay', { day: d.day, asked: d.asked || 0, answered: d.answered || 0, refused }) });
    const bar = el('div', { class: 'trend-bar' },
      el('span', { class: 'trend-refused' }), el('span', { class: 'trend-answered' }));
    bar.children[0].style.height = (refused / top * 100).toFixed(1) + '%';
    bar.children[1].style.height = ((d.answered || 0) / top * 100).toFixed(1) + '%';
    col.append(bar, el('span', { class: 'trend-label' }, String(d.day || '').slice(5)));
    trend.append(col);
  }
}

// ----------------------------------------------------------- curations

const cur = {
  choices: [], // the sentences offered to link to: the question's near misses
  busy: false,
  history: null, // the last /api/curations reply
  last: null, // the last check shown: { rep, how }
  historySeq: 0,
};

// openCuration opens the curation form prefilled: c is a curation as the
// API takes it, choices the sentences to offer for a link.
function openCuration(c, choices) {
  cur.choices = Array.isArray(choices) ? choices : [];
  $('#cur-type').value = c.type || 'link';
  $('#cur-question').value = c.question || '';
  $('#cur-sentence').value = c.sentence || '';
  $('#cur-words').value = (c.words || []).join(', ');
  $('#cur-term').value = c.term || '';
  $('#cur-reply-zh').value = (c.reply && c.reply.zh) || '';
  $('#cur-reply-en').value = (c.reply && c.reply.en) || '';
  $('#cur-reason').value = '';
  $('#cur-result').hidden = true;
  $('#cur-status').textContent = '';
  showError($('#cur-error'), null);
  renderChoices();
  curationFields();
  const d = $('#curation');
  if (!d.open) d.showModal();
  const first = c.type === 'synonym' ? '#cur-term' : c.type === 'reply' ? '#cur-reply-zh' : '#cur-reason';
  $(first).focus();
}

// curationFields shows the fields of the chosen type only.
function curationFields() {
  const type = $('#cur-type').value;
  for (const f of document.querySelectorAll('#cur-form [data-for]')) {
    f.hidden = !f.dataset.for.split(' ').includes(type);
  }
}

// renderChoices offers the near misses as the sentence to choose; the id
// field behind the toggle takes any other.
function renderChoices() {
  const box = $('#cur-choices');
  box.replaceChildren();
  const chosen = $('#cur-sentence').value.trim();
  for (const s of cur.choices) {
    const id = s.sentence ?? s.id;
    const input = el('input', { type: 'radio', name: 'cur-choice', value: id });
    input.checked = id === chosen;
    input.addEventListener('change', () => {
      $('#cur-sentence').value = id;
      sentenceText();
    });
    const label = el('label', { class: 'cur-choice', 'data-id': id }, input,
      el('span', { class: 'cur-choice-text' }, s.text || id),
      typeof s.coverage === 'number' ? el('span', { class: 'muted near-cov' }, tf('coversPct', { pct: plainPct(s.coverage) })) : null);
    box.append(label);
  }
  box.hidden = cur.choices.length === 0;
  $('#cur-sentence-details').open = cur.choices.length === 0;
  sentenceText();
}

// sentenceText keeps the offered sentences' choice in step with the id,
// and says when the id is none of them.
function sentenceText() {
  const id = $('#cur-sentence').value.trim();
  let offered = false;
  for (const r of document.querySelectorAll('#cur-choices input')) {
    r.checked = r.value === id;
    offered = offered || r.checked;
  }
  $('#cur-sentence-text').textContent = id && !offered && cur.choices.length ? `${t('sentenceID')} ${id}` : '';
}

// curationBody is the form as the API takes it.
function curationBody() {
  const type = $('#cur-type').value;
  const c = { type, reason: $('#cur-reason').value.trim() };
  const words = $('#cur-words').value.split(/[,,、\n]/).map((w) => w.trim()).filter(Boolean);
  if (type === 'link' || type === 'never') {
    c.question = $('#cur-question').value.trim();
    c.sentence = $('#cur-sentence').value.trim();
  }
  if (type === 'synonym') {
    c.words = words;
    c.term = $('#cur-term').value.trim();
  }
  if (type === 'reply') {
    c.words = words;
    c.reply = { zh: $('#cur-reply-zh').value.trim() };
    const en = $('#cur-reply-en').value.trim();
    if (en) c.reply.en = en;
  }
  return c;
}

// submitCuration checks the form's curation (apply false) or checks and
// keeps it (apply true), and shows what it would change.
async function submitCuration(apply) {
  if (cur.busy) return;
  const body = curationBody();
  const errBox = $('#cur-error');
  if (apply && !body.reason) {
    showError(errBox, new APIError(t('needReason'), 0));
    $('#cur-reason').focus();
    return;
  }
  cur.busy = true;
  showError(errBox, null);
  $('#cur-result').hidden = true;
  $('#cur-status').textContent = t('curChecking');
  $('#cur-check').disabled = $('#cur-apply').disabled = true;
  document.body.classList.add('busy');
  try {
    const rep = await api(apply ? '/api/curations' : '/api/curations/check', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    renderCheck(rep, apply ? 'applied' : 'checked');
    if (apply && state.fb) loadFeedback();
  } catch (err) {
    if (err.status === 409 && err.body && err.body.report) {
      renderCheck(err.body.report, 'refused');
    } else {
      showError(errBox, err);
    }
  } finally {
    cur.busy = false;
    $('#cur-status').textContent = '';
    $('#cur-check').disabled = $('#cur-apply').disabled = false;
    document.body.classList.remove('busy');
  }
}

// outline is one answer of a check, before or after, as staff read it.
function outline(o, sentences) {
  o = o || {};
  const outcome = o.outcome || 'refused';
  // The reply's first line, and the sentence it cites where that line
  // does not quote it (a figure, "the report gives no number: it says").
  const text = (sentences || {})[o.sentence] || '';
  const quoted = text && (o.answer || '').includes(text.slice(0, 12));
  return el('span', { class: 'outline' },
    el('span', { class: 'badge badge-' + outcome.replace(/[^a-z]/g, '') }, outcomeName(outcome)), ' ',
    o.figure ? el('span', { class: 'tag tag-figure' }, o.figure) : null, ' ',
    el('span', { class: 'outline-text' }, o.answer || ''),
    text && !quoted ? el('span', { class: 'outline-quote' }, `“${text}”`) : null);
}

function changeItem(ch, golden, sentences) {
  const li = el('li', { class: 'cur-change', 'data-question': ch.question, 'data-id': ch.id || null,
    'data-before': (ch.before || {}).outcome || '', 'data-after': (ch.after || {}).outcome || '',
    'data-after-sentence': (ch.after || {}).sentence || '' });
  const head = el('div', { class: 'cur-change-head' },
    ch.id ? el('span', { class: 'tag golden-id' }, `${t('goldenQ')} ${ch.id}`) : null, ' ',
    el('strong', { class: 'cur-change-q' }, ch.question));
  if (golden && ch.why) {
    const why = WHY[state.lang][ch.why];
    head.append(' ', el('span', { class: 'why' }, why || ch.why));
  }
  li.append(head,
    el('div', { class: 'cur-ba' }, el('span', { class: 'muted' }, t('before') + ': '), outline(ch.before, sentences)),
    el('div', { class: 'cur-ba' }, el('span', { class: 'muted' }, t('after') + ': '), outline(ch.after, sentences)));
  return li;
}

// renderCheck shows a check's report: passed or refused, the golden tally
// before and after, what it would break, and what it changes.
function renderCheck(rep, how) {
  cur.last = { rep, how };
  $('#cur-result').hidden = false;
  const broken = Array.isArray(rep.broken) ? rep.broken : [];
  const changed = Array.isArray(rep.changed) ? rep.changed : [];
  const verdict = $('#cur-verdict');
  verdict.className = 'cur-verdict ' + (how === 'refused' ? 'refused' : 'accepted');
  verdict.dataset.verdict = how;
  if (how === 'refused') verdict.textContent = tf('curRefused', { n: broken.length });
  else if (how === 'applied') verdict.textContent = tf('curApplied', { version: (rep.curation || {}).version });
  else verdict.textContent = t('curAccepted');
  const g = rep.golden || {};
  const before = g.before || {}, after = g.after || {};
  // A tally is {"Right","Total"} (golden.Tally).
  const n = (x, k) => x[k] ?? x[k.toLowerCase()] ?? 0;
  $('#cur-golden').textContent = tf('curGolden', { before: n(before, 'Right'), after: n(after, 'Right'), total: n(after, 'Total') || n(before, 'Total'), asked: rep.asked ?? 0 });
  $('#cur-broken-box').hidden = broken.length === 0;
  $('#cur-broken').replaceChildren(...broken.map((ch) => changeItem(ch, true, rep.sentences)));
  // Broken golden answers are listed above; the rest of what changes here.
  const rest = changed.filter((ch) => !broken.some((b) => b.id && b.id === ch.id));
  $('#cur-changed-box').hidden = rest.length === 0;
  $('#cur-changed').replaceChildren(...rest.map((ch) => changeItem(ch, false, rep.sentences)));
  $('#cur-unchanged').hidden = changed.length > 0;
}

// ------------------------------------------------------ curation history

async function loadHistory() {
  const seq = ++cur.historySeq;
  const about = await state.aboutP;
  if (seq !== cur.historySeq) return;
  if (!about || about.curations !== 'on') {
    $('#history-card').hidden = true;
    return;
  }
  try {
    const h = await api('/api/curations');
    if (seq !== cur.historySeq) return;
    cur.history = h;
    renderHistory(h);
  } catch (err) {
    if (seq !== cur.historySeq) return;
    cur.history = null;
    // Without a database the feedback view says so already.
    $('#history-card').hidden = true;
  }
}

function renderHistory(h) {
  $('#history-card').hidden = false;
  const list = Array.isArray(h.curations) ? h.curations : [];
  const active = list.filter((c) => c.type !== 'undo' && !c.undone_by).length;
  $('#history-count').textContent = list.length ? String(list.length) : '';
  $('#history-status').textContent = list.length ? tf('historyVersion', { version: h.version ?? 0, active }) : '';
  $('#history-none').hidden = list.length > 0;
  const box = $('#history');
  box.replaceChildren();
  for (const c of [...list].reverse()) box.append(historyItem(c));
}

// what says what a curation does, in plain words.
function what(c) {
  const out = el('span', { class: 'history-what' });
  switch (c.type) {
    case 'link':
    case 'never': {
      const text = (cur.history && cur.history.sentences || {})[c.sentence];
      out.append(el('strong', {}, c.question || ''), ' → ', text ? `“${text}”` : '', idDetails(c.sentence || ''));
      break;
    }
    case 'synonym':
      out.append(el('strong', {}, (c.words || []).join(', ')), ` ${t('means')} `, el('strong', {}, c.term || ''));
      break;
    case 'reply':
      out.append(el('strong', {}, (c.words || []).join(' + ')), ' → ', (c.reply && c.reply.zh) || '');
      break;
    case 'undo':
      out.append(tf('undoOf', { version: c.undoes }));
      break;
  }
  return out;
}

function historyItem(c) {
  const undone = !!c.undone_by;
  const li = el('li', { class: 'history-item' + (undone ? ' undone' : ''), 'data-version': c.version, 'data-type': c.type,
    'data-undone-by': c.undone_by || null });
  const status = c.type === 'undo' ? null
    : el('span', { class: 'badge ' + (undone ? 'badge-refused' : 'badge-answered') },
      undone ? tf('undoneBy', { version: c.undone_by }) : t('inForce'));
  li.append(
    el('div', { class: 'history-head' },
      el('span', { class: 'rank' }, `#${c.version}`),
      el('span', { class: 'tag' }, t('kind_' + c.type)), ' ', status, ' ',
      el('span', { class: 'muted' }, `${c.author || ''} · ${fmtTime(c.at, true)}`)),
    what(c),
    c.reason ? el('p', { class: 'history-reason' }, c.reason) : null);
  if (c.type !== 'undo' && !undone) {
    const form = el('div', { class: 'undo-form', hidden: true },
      el('input', { type: 'text', class: 'undo-reason', maxlength: 1000, placeholder: t('undoReason'), 'aria-label': t('undoReason') }),
      el('button', { type: 'button', class: 'btn small undo-confirm' }, t('undoConfirm')));
    const open = el('button', { type: 'button', class: 'btn small undo-open' }, t('undo'));
    const msg = el('p', { class: 'undo-msg', role: 'status' });
    open.addEventListener('click', () => {
      form.hidden = false;
      open.hidden = true;
      form.querySelector('input').focus();
    });
    form.querySelector('.undo-confirm').addEventListener('click', () => undoCuration(c.version, form, msg));
    li.append(open, form, msg);
  }
  return li;
}

async function undoCuration(version, form, msg) {
  const reason = form.querySelector('input').value.trim();
  msg.className = 'undo-msg';
  if (!reason) {
    msg.textContent = t('needReason');
    form.querySelector('input').focus();
    return;
  }
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const rep = await api(`/api/curations/${encodeURIComponent(version)}/undo`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
    msg.textContent = tf('undone', { version: (rep.curation || {}).version });
    loadFeedback();
  } catch (err) {
    msg.classList.add('failed');
    const broken = err.body && err.body.report && Array.isArray(err.body.report.broken) ? err.body.report.broken : [];
    msg.textContent = err.status === 409 && broken.length
      ? tf('undoRefused', { ids: broken.map((b) => `${b.id} ${b.question}`).join('; ') })
      : `${t('errHTTP')} ${err.status || ''}: ${err.message}`;
  } finally {
    button.disabled = false;
  }
}

// askFromFeedback opens the ask view with the question asked.
function askFromFeedback(q) {
  if (location.hash !== '#ask') location.hash = '#ask';
  route();
  window.scrollTo(0, 0);
  ask(q);
}

// -------------------------------------------------------------------- wiring

function init() {
  state.lang = detectLang();
  applyLang();
  state.aboutP = api('/api/about').then((about) => {
    state.about = about || {};
    applyLang();
    // Without a database there are no corrections to offer.
    document.body.classList.toggle('no-curations', state.about.curations !== 'on');
    return state.about;
  }).catch(() => ({ /* the page names no report, rather than a wrong one */ }));
  route();
  window.addEventListener('hashchange', route);

  for (const b of document.querySelectorAll('.lang-btn')) {
    b.addEventListener('click', () => setLang(b.dataset.lang));
  }

  $('#ask-form').addEventListener('submit', (e) => {
    e.preventDefault();
    ask();
  });
  for (const b of document.querySelectorAll('.example')) {
    b.addEventListener('click', () => ask(b.textContent));
  }
  $('#suggestions').addEventListener('click', (e) => {
    const b = e.target.closest('.suggestion');
    if (b) ask(b.textContent);
  });

  $('#run-builtin').addEventListener('click', () => runEval({ builtin: true }));
  $('#eval-file').addEventListener('change', (e) => {
    const file = e.target.files && e.target.files[0];
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    runEval({ builtin: false, name: file.name }, { body: form }).finally(() => {
      e.target.value = ''; // choosing the same file again runs it again
    });
  });

  $('#fb-since').addEventListener('change', loadFeedback);
  $('#fb-rerun').addEventListener('change', loadFeedback);
  $('#fb-reload').addEventListener('click', loadFeedback);
  $('#refused').addEventListener('click', (e) => {
    const b = e.target.closest('.q-link');
    if (b) askFromFeedback(b.textContent);
  });
  $('#disliked').addEventListener('click', (e) => {
    const b = e.target.closest('.q-link');
    if (b) askFromFeedback(b.textContent);
  });
  $('#cur-new').addEventListener('click', () => openCuration({ type: 'link' }, []));
  $('#cur-type').addEventListener('change', curationFields);
  // A check shown is of the curation as it was: changing it (not its
  // reason) puts the check away.
  $('#cur-form').addEventListener('input', (e) => {
    if (e.target.id !== 'cur-reason' && !cur.busy) $('#cur-result').hidden = true;
  });
  $('#cur-sentence').addEventListener('input', sentenceText);
  $('#cur-check').addEventListener('click', () => submitCuration(false));
  $('#cur-apply').addEventListener('click', () => submitCuration(true));
  $('#cur-cancel').addEventListener('click', () => $('#curation').close());

  const q = new URLSearchParams(location.search).get('q');
  if (q) {
    $('#question').value = q;
    ask(q);
  }
  document.body.classList.add('ready');
}

init();
