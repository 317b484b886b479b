// The Verdict workbench: renders the pack and policy pages from the data
// the server put in #page-data, and calls the service's API (decide, tests)
// with the token typed by the user (kept in sessionStorage). Plain DOM, no
// library. Numbers in API answers are kept as their JSON text (Num), so
// money is shown exactly as the service wrote it.
'use strict';

const TOKEN_KEY = 'verdict.token';

// ---- small DOM helpers ----
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
function code(text) { return el('code', {}, text); }
function $(id) { return document.getElementById(id); }

// ---- exact JSON: numbers stay text ----
class Num { constructor(t) { this.text = t; } toString() { return this.text; } }
function parseExact(s) {
  let i = 0;
  const ws = () => { while (i < s.length && ' \t\r\n'.includes(s[i])) i++; };
  function value() {
    ws();
    const c = s[i];
    if (c === '{') {
      i++; const o = {}; ws();
      if (s[i] === '}') { i++; return o; }
      for (;;) {
        ws(); const k = str(); ws(); i++; // ':'
        o[k] = value(); ws();
        if (s[i++] === '}') return o;
      }
    }
    if (c === '[') {
      i++; const a = []; ws();
      if (s[i] === ']') { i++; return a; }
      for (;;) { a.push(value()); ws(); if (s[i++] === ']') return a; }
    }
    if (c === '"') return str();
    if (s.startsWith('true', i)) { i += 4; return true; }
    if (s.startsWith('false', i)) { i += 5; return false; }
    if (s.startsWith('null', i)) { i += 4; return null; }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
    if (!m) throw new SyntaxError('bad JSON at ' + i);
    i += m[0].length;
    return new Num(m[0]);
  }
  function str() {
    const start = i; i++;
    while (s[i] !== '"') { if (s[i] === '\\') i++; i++; if (i > s.length) throw new SyntaxError('unterminated string'); }
    i++;
    return JSON.parse(s.slice(start, i));
  }
  const v = value(); ws();
  if (i !== s.length) throw new SyntaxError('trailing text');
  return v;
}
function show(v) {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Num) return v.text;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return '[' + v.map(showNested).join(', ') + ']';
  if (typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => k + ': ' + showNested(x)).join(', ') + '}';
  return String(v);
}
function showNested(v) { return typeof v === 'string' ? v : show(v); }

// ---- the token and API calls ----
function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }
function setupToken() {
  const input = $('token');
  if (!input) return;
  input.value = token();
  input.addEventListener('input', () => sessionStorage.setItem(TOKEN_KEY, input.value.trim()));
  $('token-form').addEventListener('submit', (e) => e.preventDefault());
}
async function api(method, path, body, type) {
  const headers = {};
  if (token()) headers['Authorization'] = 'Bearer ' + token();
  if (type) headers['Content-Type'] = type;
  const res = await fetch(path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, text, pack: res.headers.get('Verdict-Pack') };
}
function apiError(r) {
  if (r.status === 401) return 'The service needs the API token: type it at the top of the page.';
  try { const e = parseExact(r.text).error; return e.code + ': ' + e.message; } catch (_) { return 'HTTP ' + r.status; }
}

// ---- index page ----
function renderIndex(data) {
  const p = data.pack;
  // The index's title: not the "No such policy" page's, which shares this.
  if ($('pack-title').textContent !== 'No such policy') document.title = p.name + ' ' + p.version + ' – Verdict workbench';
  if ($('pack-title').textContent === 'Policy pack') $('pack-title').textContent = 'Policy pack ' + p.name;
  const dl = $('pack-identity');
  for (const [k, v] of [['Name', p.name], ['Version', p.version], ['Content hash', p.content_hash]]) {
    dl.append(el('dt', {}, k), el('dd', {}, k === 'Content hash' ? code(v) : v));
  }
  const ul = $('policies');
  for (const pol of data.policies) {
    ul.append(el('li', {},
      el('h3', {}, el('a', { href: '/policies/' + encodeURIComponent(pol.name) }, pol.name)),
      pol.batch ? el('p', { class: 'meta' }, 'batch policy: decided over a whole population') : null,
      el('p', { class: 'description' }, pol.description)));
  }
}

// ---- policy page: structure ----
let POLICY = null;       // the structure
let ruleIndex = {};      // "policy/decision/rule" -> <tr>

function namedTable(caption, rows, head) {
  const t = el('table', { class: 'plain' }, el('caption', {}, caption));
  t.append(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))));
  const tb = el('tbody');
  for (const r of rows) tb.append(el('tr', {}, ...r.map((c, i) => i === 0 ? el('th', { scope: 'row' }, code(c)) : el('td', {}, c instanceof Node ? c : code(c)))));
  t.append(tb);
  return t;
}

function fieldType(f) {
  let t = f.type;
  if (f.default !== '') t += ' = ' + f.default;
  else if (!f.required) t += '?';
  return t;
}

function renderStructure(s) {
  const p = s.policy;
  document.title = p.name + ' – Verdict workbench';
  $('pack-line').textContent = '· pack ' + s.pack.name + ' ' + s.pack.version;
  $('policy-title').textContent = p.name;
  $('policy-description').textContent = p.description;
  const meta = $('policy-meta');
  meta.append('File ', code(p.file), ' · record ', code(p.record));
  if (p.batch) meta.append(' · batch policy (decided over the whole population)');
  if (p.uses.length) {
    meta.append(' · uses ');
    p.uses.forEach((u, i) => { if (i) meta.append(', '); meta.append(el('a', { href: '/policies/' + encodeURIComponent(u) }, u)); });
  }
  const notes = (f) => [f.check && 'check ' + f.check, f.pattern && 'pattern ' + f.pattern, f.description].filter(Boolean).join('; ');
  // A Notes column only when some field has a check, pattern or description.
  const noted = p.fields.some((f) => notes(f));
  $('fields').append(namedTable('Record fields (' + p.record + ')',
    p.fields.map((f) => noted ? [f.name, fieldType(f), el('span', {}, notes(f))] : [f.name, fieldType(f)]),
    noted ? ['Field', 'Type', 'Notes'] : ['Field', 'Type']));
  $('outputs').append(namedTable('Outputs', p.outputs.map((o) => [o.name, o.type]), ['Output', 'Type']));
  const extras = $('extras');
  if (p.locals.length) extras.append(namedTable('Locals (intermediate outputs)', p.locals.map((o) => [o.name, o.type]), ['Name', 'Type']));
  if (p.params.length) extras.append(namedTable('Parameters', p.params.map((o) => [o.name, o.value]), ['Name', 'Value']));
  if (p.batch_aggregates.length) extras.append(namedTable('Batch aggregates', p.batch_aggregates.map((o) => [o.name, o.expression]), ['Name', 'Aggregate']));
  if (p.lets.length) extras.append(namedTable('Let', p.lets.map((o) => [o.name, o.expression]), ['Name', 'Expression']));
  const list = $('decision-list');
  p.decisions.forEach((d) => list.append(renderDecision(d, p.name + '/' + d.id, 'Decision ' + d.id, null)));
  const fl = $('function-list');
  if (p.functions.length) fl.append(el('h3', { class: 'group' }, 'Functions'));
  p.functions.forEach((f) => fl.append(renderDecision(f.decision, p.name + '/' + f.name, 'Function ' + p.name + '.' + f.name, f)));
  renderWarnings(s.warnings || []);
  renderAnalysis(s.analysis || []);
}

// The warnings loading gave about this policy's file (as `verdict check`
// prints them: a money output that may need rounding, an output no
// decision sets...). Nothing when there are none.
function renderWarnings(items) {
  if (!items.length) return;
  const box = $('analysis-list');
  box.append(el('h3', {}, 'Warnings when the pack was loaded'));
  const ul = el('ul', { class: 'analysis load-warnings' });
  for (const w of items) {
    ul.append(el('li', { class: 'finding-warning' },
      el('strong', {}, 'warning'), ' (line ' + w.line + ', column ' + w.column + ') ', w.message));
  }
  box.append(ul);
}

// The table analysis of `verdict check` (gaps, dead rows, overlaps), as it
// prints them; allowed findings show their reason.
function renderAnalysis(items) {
  const box = $('analysis-list');
  box.append(el('h3', {}, 'Table analysis'));
  if (!items.length) {
    box.append(el('p', { class: 'meta' }, 'No gaps, dead rows or overlaps in this policy\'s tables.'));
    return;
  }
  const ul = el('ul', { class: 'analysis' });
  for (const f of items) {
    const tag = f.warning ? 'warning' : (f.allowed ? 'allowed' : 'note');
    ul.append(el('li', { class: 'finding-' + tag, 'data-kind': f.kind },
      el('strong', {}, tag), ' (line ' + f.line + ') ', f.message,
      f.allowed ? el('span', { class: 'small' }, ' — kept on purpose: ' + f.allowed) : ''));
  }
  box.append(ul);
}

function renderDecision(d, key, title, fn) {
  const sec = el('section', { class: 'decision', id: 'decision-' + key.replace(/[^A-Za-z0-9_-]/g, '-') });
  sec.append(el('h3', {}, title));
  const facts = [el('span', {}, 'hit policy ', code(d.hit))];
  if (d.into) facts.push(el('span', {}, ' · collects into ', code(d.into)));
  if (fn) {
    facts.push(el('span', {}, ' · parameters ', code(fn.params.map((x) => x.name + ': ' + x.type).join(', '))));
    facts.push(el('span', {}, ' · returns ', code(fn.returns.map((x) => x.name + ': ' + x.type).join(', '))));
  }
  sec.append(el('p', { class: 'meta' }, ...facts));
  const desc = fn && fn.description ? fn.description : d.description;
  if (desc) sec.append(el('p', { class: 'description' }, desc));
  const table = el('table', { class: 'rules' + (d.table ? ' decision-table' : ' rule-list'), 'data-decision': key });
  table.append(el('caption', { class: 'visually-hidden' }, title));
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Rule'));
  if (d.table) {
    d.columns.forEach((c) => head.append(el('th', { scope: 'col', class: 'cond' }, el('span', { class: 'small' }, 'when '), code(c))));
    d.outputs.forEach((c) => head.append(el('th', { scope: 'col', class: 'out' }, el('span', { class: 'small' }, 'then '), code(c))));
  } else {
    head.append(el('th', { scope: 'col', class: 'cond' }, 'When (all hold)'), el('th', { scope: 'col', class: 'out' }, 'Then'));
  }
  // A Description column only when some rule has one.
  const described = d.rules.some((r) => r.description);
  if (described) head.append(el('th', { scope: 'col' }, 'Description'));
  head.append(el('th', { scope: 'col', class: 'seen' }, 'Seen in the last case'), el('th', { scope: 'col', class: 'cov' }, 'Tests'));
  table.append(el('thead', {}, head));
  const tb = el('tbody');
  for (const r of d.rules) {
    const tr = el('tr', { 'data-rule': r.id });
    tr.append(el('th', { scope: 'row' }, code(r.id)));
    if (d.table) {
      r.cells.forEach((c, i) => tr.append(el('td', { class: i < d.columns.length ? 'cond' : 'out' }, code(c))));
    } else {
      const when = r.when.length ? el('ul', { class: 'conds' }, ...r.when.map((w) => el('li', {}, code(w)))) : el('span', { class: 'small' }, 'always');
      let then;
      if (r.then_value) then = code(r.then_value);
      else then = el('ul', { class: 'conds' }, ...r.then.map((t) => el('li', {}, code(t.name + ': ' + t.value))));
      tr.append(el('td', { class: 'cond' }, when), el('td', { class: 'out' }, then));
    }
    if (described) tr.append(el('td', { class: 'rule-desc' }, r.description));
    tr.append(el('td', { class: 'seen' }), el('td', { class: 'cov' }));
    ruleIndex[key + '/' + r.id] = tr;
    tb.append(tr);
  }
  table.append(tb);
  sec.append(el('div', { class: 'scroll' }, table));
  return sec;
}

function clearMarks() {
  for (const tr of document.querySelectorAll('tr.matched')) tr.classList.remove('matched');
  for (const td of document.querySelectorAll('td.seen')) td.textContent = '';
  for (const e of document.querySelectorAll('.field-error')) e.textContent = '';
  for (const e of document.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
}

async function decide(e) {
  e.preventDefault();
  const p = POLICY.policy;
  const out = $('try-result');
  clearMarks();
  out.replaceChildren(el('p', { class: 'small' }, 'Deciding…'));
  // One JSON Lines record: the answer is the same object `verdict eval`
  // writes, and an invalid record is a 200 line rather than a failed request.
  const rec = recordLine(e.target);
  if (rec.errors) { showFormErrors(rec.errors); return; }
  const q = '?trace=true&as_of=' + encodeURIComponent(rec.asOf);
  const r = await api('POST', '/v1/policies/' + encodeURIComponent(p.name) + '/decide' + q, rec.line + '\n', 'application/x-ndjson');
  if (r.status !== 200) { out.replaceChildren(el('p', { class: 'error', role: 'alert' }, apiError(r))); return; }
  const d = parseExact(r.text.trim());
  if (d.error) {
    const err = d.error;
    out.replaceChildren(el('p', { class: 'error', id: 'decision-error' }, 'The record is invalid: ', code(err.code), ' – ', err.message));
    const slot = err.field && $('f-' + err.field) && $('err-' + err.field);
    if (slot) {
      slot.textContent = err.code + ': ' + err.message;
      $('f-' + err.field).setAttribute('aria-invalid', 'true');
    }
    return;
  }
  const table = el('table', { class: 'plain', id: 'decision-outputs' }, el('caption', {}, 'Decision'));
  table.append(el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Output'), el('th', { scope: 'col' }, 'Value'))));
  const tb = el('tbody');
  for (const o of p.outputs) tb.append(el('tr', { 'data-output': o.name }, el('th', { scope: 'row' }, code(o.name)), el('td', {}, code(show(d[o.name])))));
  table.append(tb);
  const elsewhere = el('ul', { class: 'conds' });
  for (const t of d.trace || []) {
    const key = traceKey(p.name, t.decision, t.rule);
    const seen = Object.entries(t.values || {}).map(([k, v]) => k + ' = ' + show(v)).join('; ');
    const tr = ruleIndex[key];
    if (tr) {
      tr.classList.add('matched');
      const cell = tr.querySelector('td.seen');
      cell.textContent = cell.textContent ? cell.textContent + ' | ' + (seen || '✓') : (seen || '✓');
    } else {
      const other = key.split('/')[0];
      elsewhere.append(el('li', {}, el('a', { href: '/policies/' + encodeURIComponent(other) }, t.decision), ' → ', code(t.rule), seen ? ' (' + seen + ')' : ''));
    }
  }
  const matched = document.querySelectorAll('tr.matched').length;
  out.replaceChildren(stalePackNote(r.pack) || '', table, el('p', {}, matched + ' row(s) or rule(s) matched on this page; they are marked ', el('span', { class: 'matched-tag' }, 'matched'), ' in the decisions above.'));
  if (elsewhere.children.length) out.append(el('p', {}, 'Also matched, in other policies:'), elsewhere);
}

// ---- coverage ----
async function runTests() {
  const out = $('coverage-result');
  out.replaceChildren(el('p', { class: 'small' }, 'Running the tests…'));
  const r = await api('POST', '/v1/tests', '', null);
  if (r.status !== 200) { out.replaceChildren(el('p', { class: 'error', role: 'alert' }, apiError(r))); return; }
  const rep = JSON.parse(r.text);
  for (const tr of document.querySelectorAll('tr.unreached')) tr.classList.remove('unreached');
  let here = 0, hereReached = 0;
  for (const rule of rep.rules) {
    const tr = ruleIndex[rule.policy + '/' + rule.decision + '/' + rule.rule];
    if (!tr) continue;
    here++;
    const cell = tr.querySelector('td.cov');
    cell.textContent = rule.cases === 0 ? 'not reached' : String(rule.cases);
    if (rule.cases === 0) tr.classList.add('unreached'); else hereReached++;
  }
  const summary = el('p', { id: 'coverage-summary', class: rep.reached_rules === rep.total_rules ? 'ok' : 'error' },
    rep.reached_rules + ' of ' + rep.total_rules + ' rules of the pack reached; ' +
    rep.passed + ' test cases passed, ' + rep.failed + ' failed. This policy: ' + hereReached + ' of ' + here + ' rules reached.');
  const mine = rep.cases.filter((c) => c.policy === POLICY.policy.name);
  const t = el('table', { class: 'plain', id: 'test-cases' }, el('caption', {}, 'Test cases of ' + POLICY.policy.name + ' (' + mine.length + ')'));
  t.append(el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Case'), el('th', { scope: 'col' }, 'Result'), el('th', { scope: 'col' }, 'Where'))));
  const tb = el('tbody');
  for (const c of mine) {
    tb.append(el('tr', { class: c.passed ? '' : 'failed' }, el('td', {}, c.name),
      el('td', {}, c.passed ? 'passed' : 'FAILED: ' + c.failures.join('; ')), el('td', {}, code(c.file + ':' + c.line))));
  }
  t.append(tb);
  const unreached = rep.rules.filter((x) => x.cases === 0);
  const id = rep.pack;
  out.replaceChildren(stalePackNote(id.name + '/' + id.version + '/' + id.content_hash, true) || '', summary);
  if (unreached.length) {
    out.append(el('p', { class: 'error' }, 'Rules no test reached:'), el('ul', {}, ...unreached.map((x) => el('li', {}, code(x.policy + '/' + x.decision + '/' + x.rule), ' (' + x.file + ':' + x.line + ')'))));
  }
  out.append(el('details', {}, el('summary', {}, 'Test cases of this policy'), el('div', { class: 'scroll' }, t)));
}

// ---- sample ----
function chartable(p) {
  return p.outputs.filter((o) => !/^list\((?!string)/.test(o.type) && o.type !== 'list');
}
async function decideSample(file) {
  const out = $('sample-result');
  const p = POLICY.policy;
  out.replaceChildren(el('p', { class: 'small' }, 'Deciding ' + file.name + '…'));
  const text = await file.text();
  const asOf = readAsOf();
  $('err-eval-as_of').textContent = asOf.error || '';
  if (asOf.error) { out.replaceChildren(el('p', { class: 'error', role: 'alert' }, 'Not decided: as_of: ' + asOf.error)); return; }
  const q = '?as_of=' + encodeURIComponent(asOf.value);
  const r = await api('POST', '/v1/policies/' + encodeURIComponent(p.name) + '/decide' + q, text, 'application/x-ndjson');
  if (r.status !== 200) { out.replaceChildren(el('p', { class: 'error', role: 'alert' }, apiError(r))); return; }
  const lines = r.text.split('\n').filter((l) => l.length);
  const decisions = lines.map((l) => parseExact(l));
  const inputs = text.split(/\r?\n/);
  if (inputs.length && inputs[inputs.length - 1] === '') inputs.pop();
  const invalid = [];
  decisions.forEach((d, i) => { if (d.error) invalid.push([i + 1, d.error, inputs[i] || '']); });
  const outputs = chartable(p);
  const pick = el('select', { id: 'chart-output' }, ...outputs.map((o) => el('option', { value: o.name }, o.name + ' (' + o.type + ')')));
  const firstEnum = outputs.find((o) => o.type.startsWith('enum'));
  if (firstEnum) pick.value = firstEnum.name;
  const chartBox = el('figure', { class: 'chart' });
  const draw = () => chartBox.replaceChildren(barChart(pick.value, decisions), el('figcaption', {}, 'Distribution of ' + pick.value + ' over ' + (decisions.length - invalid.length) + ' decided records of ' + file.name));
  pick.addEventListener('change', draw);
  out.replaceChildren(
    el('p', { id: 'sample-summary' }, decisions.length + ' records: ' + (decisions.length - invalid.length) + ' decided, ' + invalid.length + ' invalid.'),
    el('p', {}, el('label', { for: 'chart-output' }, 'Chart of '), pick),
    chartBox);
  draw();
  if (invalid.length) {
    const t = el('table', { class: 'plain', id: 'invalid-records' }, el('caption', {}, 'Invalid records (' + invalid.length + ')'));
    t.append(el('thead', {}, el('tr', {}, ...['Line', 'Field', 'Code', 'Message', 'Record'].map((h) => el('th', { scope: 'col' }, h)))));
    const tb = el('tbody');
    for (const [line, e, rec] of invalid) {
      tb.append(el('tr', {}, el('td', {}, String(line)), el('td', {}, code(e.field || '')), el('td', {}, code(e.code)), el('td', {}, e.message), el('td', { class: 'record' }, code(rec.length > 160 ? rec.slice(0, 160) + '…' : rec))));
    }
    t.append(tb);
    out.append(el('div', { class: 'scroll' }, t));
  }
}

// Horizontal bars, one per value, largest first. Lists count each item.
function barChart(output, decisions) {
  const counts = new Map();
  for (const d of decisions) {
    if (d.error) continue;
    const v = d[output];
    const items = Array.isArray(v) ? (v.length ? v : ['(empty list)']) : [v];
    for (const x of items) { const k = show(x); counts.set(k, (counts.get(k) || 0) + 1); }
  }
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const NS = 'http://www.w3.org/2000/svg';
  const bar = 26, gap = 8, labelW = 230, width = 720;
  const height = Math.max(1, rows.length) * (bar + gap) + gap;
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  svg.setAttribute('id', 'sample-chart');
  svg.setAttribute('aria-label', 'Distribution of ' + output + ': ' + rows.map(([k, n]) => k + ' ' + n).join(', '));
  const max = rows.reduce((m, r) => Math.max(m, r[1]), 1);
  const total = rows.reduce((s, r) => s + r[1], 0);
  rows.forEach(([k, n], i) => {
    const y = gap + i * (bar + gap);
    const mk = (tag, attrs, text) => { const e = document.createElementNS(NS, tag); for (const [a, v] of Object.entries(attrs)) e.setAttribute(a, String(v)); if (text !== undefined) e.textContent = text; svg.append(e); return e; };
    mk('text', { x: labelW - 8, y: y + bar * 0.7, 'text-anchor': 'end', class: 'chart-label' }, k.length > 30 ? k.slice(0, 29) + '…' : k);
    const w = Math.max(2, Math.round((width - labelW - 120) * n / max));
    mk('rect', { x: labelW, y, width: w, height: bar, class: 'chart-bar', 'data-value': k, 'data-count': n });
    mk('text', { x: labelW + w + 6, y: y + bar * 0.7, class: 'chart-count' }, n + ' (' + Math.round(100 * n / total) + '%)');
  });
  return svg;
}

function setupSample() {
  const input = $('sample-file');
  const drop = $('drop');
  input.addEventListener('change', () => { if (input.files.length) decideSample(input.files[0]); });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files.length) decideSample(e.dataTransfer.files[0]);
  });
}

function main() {
  const data = JSON.parse($('page-data').textContent);
  setupToken();
  if (document.body.dataset.page === 'index') { renderIndex(data); return; }
  POLICY = data;
  renderStructure(data);
  renderTryFields(data.policy);
  if (data.policy.batch) {
    $('try-form').prepend(el('p', { class: 'hint' }, 'A batch policy: the case is decided as a population of one record. Use a sample below to decide a whole population.'));
  }
  $('try-form').addEventListener('submit', (e) => decide(e).catch((x) => { $('try-result').replaceChildren(el('p', { class: 'error' }, String(x))); }));
  $('try-form').addEventListener('reset', () => { clearMarks(); $('try-result').replaceChildren(); setTimeout(() => { $('as_of').value = defaultAsOf(); }); });
  $('run-tests').addEventListener('click', () => runTests().catch((x) => $('coverage-result').replaceChildren(el('p', { class: 'error' }, String(x)))));
  setupSample();
}

main();
