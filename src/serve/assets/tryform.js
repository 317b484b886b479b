// The workbench's try-it form: its inputs (one per record field), the
// record they make, and the row a trace entry names. Loaded before
// workbench.js, whose helpers (el, $, fieldType, POLICY) it uses when
// called; kept apart so neither file grows past a readable size.
'use strict';

function baseType(t) { return t.replace(/\s+/g, ''); }
function enumValues(t) {
  const m = /^enum\((.*)\)$/.exec(t.trim());
  return m ? m[1].split(',').map((x) => x.trim()).filter(Boolean) : null;
}
function renderTryFields(p) {
  const box = $('try-fields');
  for (const f of p.fields) {
    const t = baseType(f.type);
    const id = 'f-' + f.name;
    let input;
    const enums = enumValues(f.type);
    if (enums || t === 'bool') {
      input = el('select', { id, name: f.name });
      input.append(el('option', { value: '' }, '(not given)'));
      for (const v of enums || ['true', 'false']) input.append(el('option', { value: v }, v));
    } else if (t === 'date') {
      input = el('input', { id, name: f.name, type: 'date' });
    } else if (t === 'datetime') {
      input = el('input', { id, name: f.name, type: 'datetime-local', step: '1' });
    } else if (t.startsWith('list')) {
      input = el('textarea', { id, name: f.name, rows: '2', placeholder: 'JSON list, e.g. ["a", "b"]' });
    } else if (t === 'dyn' || t.startsWith('map')) {
      input = el('textarea', { id, name: f.name, rows: '2', placeholder: 'a JSON value, e.g. 12, "text" or {"a": 1}' });
    } else {
      const numeric = NUMERIC.includes(t);
      input = el('input', { id, name: f.name, type: 'text', inputmode: numeric ? 'decimal' : null, autocomplete: 'off', spellcheck: 'false' });
    }
    input.dataset.type = t;
    input.setAttribute('aria-describedby', 'err-' + f.name + ' hint-' + f.name);
    const hint = [fieldType(f)];
    if (f.check) hint.push('check ' + f.check);
    if (f.pattern) hint.push('pattern ' + f.pattern);
    box.append(el('div', { class: 'row' },
      el('label', { for: id }, f.name),
      input,
      el('span', { class: 'small', id: 'hint-' + f.name }, hint.join(' · ')),
      el('span', { class: 'field-error', id: 'err-' + f.name, role: 'alert' })));
  }
  $('as_of').value = defaultAsOf();
}

// Today in the pack's zone (the page's data), as the service decides by
// default; the browser's UTC date only for a page served without it.
function defaultAsOf() {
  return (POLICY && POLICY.today) || new Date().toISOString().slice(0, 10);
}

// A number as JSON writes it (RFC 8259). Money, decimals and ints are sent
// as their text, so the text must be a JSON number: 0100 would make the
// line invalid JSON (and the API would blame JSON the user never wrote), and
// .5 or 1. sent as strings are refused as the wrong type.
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
// The field types typed as numbers (a double too: sent as a string, it was
// refused as the wrong type, so such a policy could not be tried here).
const NUMERIC = ['money', 'decimal', 'number', 'int', 'double'];

// The record as one JSON line ({line}), or what the page refuses to send
// ({errors}: [input, message] pairs, shown next to their fields).
function recordLine(form) {
  const parts = [], errors = [];
  for (const input of form.querySelectorAll('[data-type]')) {
    const t = input.dataset.type;
    // A date the browser cannot read (02/30/2026, a half-typed one) has
    // value '' with badInput: refused, never sent as if left empty.
    if (input.validity && input.validity.badInput) { errors.push([input, NOT_A_DATE]); continue; }
    // Exactly as typed: a space is part of a string (a pattern or check
    // judges it, as the API does), and "  " is a text, not a missing field.
    // Only an input left empty is absent; a list, map or dyn box is JSON,
    // where spaces mean nothing, so a blank one is empty too.
    const v = input.value;
    if (v === '' || (input.tagName === 'TEXTAREA' && v.trim() === '')) continue;
    let raw;
    if (NUMERIC.includes(t)) {
      if (!JSON_NUMBER.test(v)) { errors.push([input, 'not a number: type it as a JSON number, e.g. 12, 12.50 or 1e2']); continue; }
      raw = v;
    } else if (t === 'bool') raw = v;
    // A list, a map or a dyn field: its JSON as typed, else the text as a
    // string (which the service judges, as it would that JSON).
    else if (t.startsWith('list') || t.startsWith('map') || t === 'dyn') { try { JSON.parse(v); raw = v.replace(/\s*\n\s*/g, ' '); } catch (_) { raw = JSON.stringify(v); } }
    else raw = JSON.stringify(v);
    parts.push(JSON.stringify(input.name) + ':' + raw);
  }
  const asOf = readAsOf();
  if (asOf.error) errors.push([$('as_of'), asOf.error]);
  return errors.length ? { errors } : { line: '{' + parts.join(',') + '}', asOf: asOf.value };
}

const NOT_A_DATE = 'not a date: type a whole date that exists (month, day and year)';

// The evaluation date, or why there is none: an unreadable or emptied as_of
// is an error, not the service's default (today), which the user never chose.
function readAsOf() {
  const input = $('as_of');
  if (input.validity.badInput) return { error: NOT_A_DATE };
  if (input.value === '') return { error: 'no date: type the evaluation date' };
  return { value: input.value };
}

// Shows the page's own refusals next to their fields; nothing is sent.
function showFormErrors(errors) {
  for (const [input, message] of errors) {
    // Its own error slot, the first it is described by: the evaluation
    // date's is not that of a record field named as_of.
    $(input.getAttribute('aria-describedby').split(' ')[0]).textContent = message;
    input.setAttribute('aria-invalid', 'true');
  }
  $('try-result').replaceChildren(el('p', { class: 'error', id: 'form-error' },
    'Not sent: ' + errors.map(([input]) => input.id === 'as_of' ? 'the evaluation date' : input.name).join(', ') + ' cannot be read (see beside the field).'));
}

// The row a trace entry names: "decision", "policy.function" or
// "used_policy.decision", and "used.inner.decision" through uses. This
// policy's own decision ids and functions are matched first, whole: an id
// may itself contain "." (step.one, as `verdict check` allows), which
// splitting would read as policy "step", decision "one". Another policy's
// entry is read against the pack's policies and their own names
// (POLICY.pack_policies, ownerOf); its rows are linked, not marked, here.
function traceKey(policy, decision, rule) {
  const p = POLICY.policy;
  if (p.decisions.some((d) => d.id === decision)) return policy + '/' + decision + '/' + rule;
  const fn = decision.startsWith(policy + '.') ? decision.slice(policy.length + 1) : null;
  if (fn !== null && p.functions.some((f) => f.name === fn)) return policy + '/' + fn + '/' + rule;
  // Every trace entry names a rule of some pack policy: a name no reading
  // fits is none of another policy's, so it is looked up on this page.
  const owner = ownerOf(decision, POLICY.pack_policies);
  return owner ? owner.join('/') + '/' + rule : policy + '/' + decision + '/' + rule;
}

// [policy, id] for a trace name NAME.ID (or NAME.USED.ID, one policy name
// off at a time) where ID is one of that policy's decisions or functions in
// `pack` ({policy: [ids]}); null when no reading fits.
function ownerOf(name, pack) {
  for (const [policy, ids] of Object.entries(pack)) {
    if (!name.startsWith(policy + '.')) continue;
    const rest = name.slice(policy.length + 1);
    if (ids.includes(rest)) return [policy, rest];
    const deeper = ownerOf(rest, pack);
    if (deeper) return deeper;
  }
  return null;
}

// After a reload (POST /v1/reload, SIGHUP) the service decides with the new
// pack version while this page still shows the old one's tables, so marked
// rows may not be the rules that decided: the response's Verdict-Pack header
// (NAME/VERSION/CONTENT_HASH) is compared with the page's own pack; so is
// a test report's pack (tests: true), whose counts are then the new rules'.
function stalePackNote(header, tests) {
  const p = POLICY.pack;
  const mine = p.name + '/' + p.version + '/' + p.content_hash;
  if (!header || header === mine) return null;
  return el('p', { class: 'error', id: tests ? 'tests-pack-changed' : 'pack-changed', role: 'alert' },
    'The pack was reloaded: ' + (tests ? 'the tests ran on ' : 'this case was decided by '), code(header),
    ' but this page shows ', code(mine),
    tests ? '. Reload the page to see the rules they counted.' : '. Reload the page to see the rules that decided it.');
}
