// liwanbot staff console: what residents will see, before they see it.
//
// Everything the page shows is built with DOM nodes and textContent. The one
// exception is the Telegram preview: the server sends the exact Telegram-HTML
// the resident gets (escaped by the server, <b> only), and even that passes
// through an allow-list of Telegram's tags before it reaches the page.

const I18N = {
  zh: {
    title: '荔湾政府工作报告问答',
    subtitle: '员工控制台 · 居民看到之前先看一遍',
    tabAsk: '提问',
    tabEval: '评测',
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
    sentence: '引用句',
    coverage: '覆盖度',
    terms: '命中词',
    none: '—',
    noTopic: '(本段无标题)',
    suggestionsTitle: '报告中相近的主题',
    suggestionHint: '点击即可提问',
    candidatesTitle: '候选句子(按得分排序)',
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
    footer: '答案均出自《2025年荔湾区政府工作报告》原文。',
  },
  en: {
    title: 'Liwan Report Q&A',
    subtitle: 'Staff console · see what residents will see',
    tabAsk: 'Ask',
    tabEval: 'Evaluation',
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
    sentence: 'Cited sentence',
    coverage: 'Coverage',
    terms: 'Matched terms',
    none: '—',
    noTopic: '(untitled paragraph)',
    suggestionsTitle: 'Nearby topics in the report',
    suggestionHint: 'click to ask',
    candidatesTitle: 'Ranked candidate sentences',
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
    footer: "Every answer quotes Liwan District's 2025 Government Work Report.",
  },
};

const LANGS = {
  zh: { 'zh-Hans': '简体', 'zh-Hant': '繁体', yue: '粤语', en: '英文' },
  en: { 'zh-Hans': 'Simplified', 'zh-Hant': 'Traditional', yue: 'Cantonese', en: 'English' },
};
const TYPES = {
  zh: { fact: '事实', figure: '数字', offtopic: '题外', trap: '陷阱', keyword: '关键词', typo: '错别字' },
  en: {},
};
const WHY = {
  zh: {
    'not answered': '未作答',
    'wrong source': '引用的句子不对',
    'figure missing': '缺少应有的数字',
    'source too long': '引用过长',
    'answered a question it should have declined': '本应婉拒却作答',
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
};

function t(key) {
  return I18N[state.lang][key] ?? I18N.zh[key] ?? key;
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
}

function applyLang() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-Hans' : 'en';
  for (const n of document.querySelectorAll('[data-i18n]')) n.textContent = t(n.dataset.i18n);
  for (const n of document.querySelectorAll('[data-i18n-placeholder]')) n.placeholder = t(n.dataset.i18nPlaceholder);
  for (const b of document.querySelectorAll('.lang-btn')) b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  document.title = `liwanbot · ${t('title')}`;
}

// ------------------------------------------------------------------ routing

function route() {
  const view = location.hash === '#eval' ? 'eval' : 'ask';
  state.view = view;
  $('#view-ask').hidden = view !== 'ask';
  $('#view-eval').hidden = view !== 'eval';
  $('#tab-ask').setAttribute('aria-selected', String(view === 'ask'));
  $('#tab-eval').setAttribute('aria-selected', String(view === 'eval'));
  document.body.dataset.view = view;
}

// --------------------------------------------------------------------- API

class APIError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
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
    throw new APIError(msg, res.status || (res.redirected ? 401 : 0));
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
  badge.textContent = t('outcome_' + outcome) === 'outcome_' + outcome ? outcome : t('outcome_' + outcome);
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
  $('#coverage').textContent = answered ? pct(a.coverage) : t('none');
  const terms = $('#terms');
  terms.replaceChildren();
  for (const term of a.terms || []) terms.append(el('span', { class: 'term-chip' }, term));
  if (!terms.childNodes.length) terms.textContent = t('none');

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
      el('code', { class: 'sid' }, s.id),
      s.topic ? el('span', { class: 'cand-topic' }, s.topic) : null,
      cited ? el('span', { class: 'badge badge-cited' }, t('cited')) : null,
    );
    const text = el('p', { class: 'cand-text' });
    text.append(highlight(s.text, s.terms));
    const cov = typeof s.coverage === 'number' ? Math.max(0, Math.min(1, s.coverage)) : 0;
    const bar = el('span', { class: 'bar' }, el('span', { class: 'bar-fill' }));
    bar.firstChild.style.width = (cov * 100).toFixed(1) + '%'; // CSSOM, allowed by the CSP
    const meta = el('div', { class: 'cand-meta' },
      el('span', { class: 'metric' }, el('span', { class: 'metric-label' }, t('score')), ' ',
        el('strong', {}, typeof s.score === 'number' ? s.score.toFixed(3) : '—')),
      el('span', { class: 'metric' }, el('span', { class: 'metric-label' }, t('coverage')), ' ', bar, ' ',
        el('strong', {}, pct(s.coverage))),
    );
    const termBox = el('span', { class: 'cand-terms' });
    for (const term of s.terms || []) termBox.append(el('span', { class: 'term-chip' }, term));
    if (termBox.childNodes.length) meta.append(termBox);
    li.append(head, text, meta);
    list.append(li);
  });
  $('#candidates-none').hidden = sources.length > 0;

  // (3) The paragraph around the answer.
  const pbox = $('#paragraph');
  pbox.replaceChildren();
  if (para && Array.isArray(para.sentences)) {
    pbox.append(el('p', { class: 'para-head' },
      el('code', { class: 'sid' }, para.id), ' ',
      el('span', {}, para.topic || t('noTopic')),
      el('span', { class: 'muted' }, ` · ${t('citedSentence')}`)));
    const p = el('p', { class: 'para-text' });
    for (const s of para.sentences) {
      const span = el('span', { class: 'sentence' + (s.cited ? ' cited' : ''), 'data-id': s.id, title: s.id });
      if (s.cited) span.append(highlight(s.text, top ? top.terms : a.terms));
      else span.textContent = s.text;
      p.append(span);
    }
    pbox.append(p);
  } else {
    pbox.append(el('p', { class: 'muted' }, t('noParagraph')));
  }

  $('#raw').textContent = JSON.stringify(v.answer, null, 2);
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

// -------------------------------------------------------------------- wiring

function init() {
  state.lang = detectLang();
  applyLang();
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

  const q = new URLSearchParams(location.search).get('q');
  if (q) {
    $('#question').value = q;
    ask(q);
  }
  document.body.classList.add('ready');
}

init();
