// cyclr studio: the page. The editor's text is the document; everything else (feedback, chart,
// output, the share link) is derived from it and the view settings in `state` (view-state.ts).
import { ScheduleSpecError, type LintContext } from '@cyclr/core';
import { analyze, where, type Analysis, type Located } from './analyze.js';
import { clampRange, plotModel, type PlotInput, type PlotModel } from './chart-model.js';
import { chartView } from './chart-view.js';
import { createEditor } from './editor.js';
import { EXPORTERS, exporterById, type ExportOutput } from './exporters.js';
import { IMPORTERS, importFailure, importerById, type ImportResult } from './importers.js';
import { rangeOfPath } from './json-paths.js';
import { decodeView, encodeView, isViewFragment } from './share.js';
import { defaultState, type ViewState } from './view-state.js';
import { jsonLanguage } from '@codemirror/lang-json';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const state: ViewState = defaultState();
let analysis: Analysis = analyze(state.text);
let lastValid: Analysis | undefined;
let model: PlotModel | undefined;
const formValues = new Map<string, Record<string, string>>();

// ---- feedback: issues and lint findings as buttons that put the cursor at their path
function locatedList(list: HTMLElement, items: readonly Located[], empty: string): void {
  list.replaceChildren();
  if (items.length === 0) {
    const li = document.createElement('li');
    li.className = 'ok';
    li.textContent = empty;
    list.append(li);
    return;
  }
  for (const item of items) {
    const li = document.createElement('li');
    li.className = item.severity;
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.path = item.where;
    button.dataset.code = item.code;
    button.dataset.from = String(item.from);
    const sev = document.createElement('span');
    sev.className = 'sev';
    sev.textContent = item.severity === 'error' ? '✖ ' : item.severity === 'warning' ? '⚠ ' : 'ℹ ';
    const message = document.createElement('span');
    message.className = 'message';
    message.textContent = item.message;
    const at = document.createElement('span');
    at.className = 'where';
    at.textContent = ` → at ${item.where}`;
    button.append(sev, message, at);
    button.addEventListener('click', () => editor.select(item.from, item.to));
    li.append(button);
    list.append(li);
  }
}

function showFeedback(): void {
  const a = analysis;
  locatedList($('issues'), a.issues, 'No problems: the document is a valid cyclr ' + (a.kind === 'schedule' ? 'schedule.' : 'policy.'));
  $('issue-count').textContent = a.issues.length > 0 ? `(${a.issues.length})` : '';
  locatedList($('lint'), a.lint, a.kind === 'invalid' ? 'Lint runs once the document is valid.' : 'No lint findings.');
  const explain = $('explain');
  explain.replaceChildren();
  const sentences = a.kind === 'invalid' ? ['The explanation appears once the document is valid.'] : a.sentences;
  for (const s of sentences) {
    const p = document.createElement('p');
    p.textContent = s;
    explain.append(p);
  }
  editor.show([...a.issues, ...a.lint]);
}

// ---- the chart
const chart = chartView($('chart'), $('readout'), {
  zoom(range) {
    state.range = range;
    drawChart();
    scheduleSave();
  },
  pin(step) {
    state.readout = step;
    scheduleSave();
  },
});

function plotInputs(): PlotInput[] {
  const inputs: PlotInput[] = [];
  const current = lastValid;
  if (current?.policy) {
    const label = state.overlays.length > 0 ? 'editor' : (current.policy.description ?? (current.kind === 'schedule' ? `${current.policy.lr.type} schedule` : 'policy'));
    inputs.push({ label, policy: current.policy });
  }
  for (const o of state.overlays) {
    const a = analyze(o.text);
    if (a.policy) inputs.push({ label: o.label, policy: a.policy });
  }
  return inputs;
}

function hyperparameterToggles(inputs: readonly PlotInput[]): void {
  const box = $('hyperparameters');
  const keys = [...new Set(inputs.flatMap((i) => Object.keys(i.policy).filter((k) => !['version', 'description', 'plateau', '$schema'].includes(k))))];
  const existing = [...box.querySelectorAll<HTMLInputElement>('input')].map((i) => i.value);
  if (existing.join() === keys.join()) {
    for (const input of box.querySelectorAll<HTMLInputElement>('input')) input.checked = !state.hidden.includes(input.value);
    return;
  }
  box.replaceChildren();
  for (const key of keys) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.value = key;
    input.id = `hp-${key}`;
    input.checked = !state.hidden.includes(key);
    input.addEventListener('change', () => {
      state.hidden = input.checked ? state.hidden.filter((h) => h !== key) : [...state.hidden, key];
      drawChart();
      scheduleSave();
    });
    label.append(input, ` ${key}${key === 'lr' ? '' : ' (right axis)'}`);
    box.append(label);
  }
}

function drawChart(): void {
  const inputs = plotInputs();
  hyperparameterToggles(inputs);
  chart.stale(analysis.kind === 'invalid' && lastValid !== undefined);
  if (inputs.length === 0) {
    model = undefined;
    return;
  }
  const box = $('chart-svg');
  model = plotModel(inputs, {
    log: state.log,
    unit: state.unit === 'epochs' && state.stepsPerEpoch !== undefined ? 'epochs' : 'steps',
    stepsPerEpoch: state.stepsPerEpoch,
    range: state.range,
    hidden: state.hidden,
    phases: state.phases,
    columns: Math.max(200, box.clientWidth || 800),
  });
  chart.draw(model, state.readout, state.unit === 'epochs' ? state.stepsPerEpoch : undefined);
  ($('zoom-from') as HTMLInputElement).value = String(model.range[0]);
  ($('zoom-to') as HTMLInputElement).value = String(model.range[1]);
  renderOverlays();
  if (!firstRender) {
    firstRender = true;
    performance.mark('studio:first-render');
    document.body.dataset.ready = 'true';
  }
}
let firstRender = false;

// ---- output
let exported: ExportOutput | undefined;

function showExport(): void {
  const select = $('export-format') as HTMLSelectElement;
  const exporter = exporterById(state.exportId) ?? EXPORTERS[0];
  select.value = exporter.id;
  const text = $('export-text') as HTMLTextAreaElement;
  const notes = $('export-notes');
  const issues = $('export-issues');
  notes.replaceChildren();
  issues.replaceChildren();
  exported = undefined;
  const a = lastValid && analysis.kind !== 'invalid' ? analysis : undefined;
  if (!a?.policy) {
    text.value = '';
    locatedList(issues, [], '');
    issues.firstElementChild!.textContent = 'Fix the problems above to export.';
    issues.firstElementChild!.className = 'error';
    return;
  }
  try {
    exported = exporter.run({ text: a.text, policy: a.policy, isSchedule: a.kind === 'schedule', range: model?.range ?? [0, 1], stepsPerEpoch: state.stepsPerEpoch });
    text.value = exported.text;
    for (const n of exported.notes) {
      const li = document.createElement('li');
      li.textContent = n;
      notes.append(li);
    }
  } catch (error) {
    text.value = '';
    if (error instanceof ScheduleSpecError) {
      const tree = jsonLanguage.parser.parse(a.text);
      locatedList(
        issues,
        error.issues.map((i) => {
          const r = rangeOfPath(tree, a.text, i.path);
          return { severity: 'error', code: i.code, path: i.path, where: where(i.path), message: `${exporter.label}: ${i.message}`, from: r.from, to: r.to };
        }),
        '',
      );
    } else throw error;
  }
}

function status(text: string): void {
  const s = $('copy-status');
  s.textContent = text;
  window.setTimeout(() => {
    if (s.textContent === text) s.textContent = '';
  }, 2500);
}

async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    status(`${what} copied`);
  } catch {
    status(`select the text and copy it (the browser refused clipboard access)`);
  }
}

function download(out: ExportOutput): void {
  const url = URL.createObjectURL(new Blob([out.text], { type: out.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = out.filename;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- the share link: the address bar always carries the current view
let saveTimer: number | undefined;
let saveSeq = 0;
function scheduleSave(): void {
  window.clearTimeout(saveTimer);
  saveTimer = window.setTimeout(() => void save(), 250);
}
async function save(): Promise<string> {
  const seq = ++saveSeq;
  const fragment = await encodeView(state);
  const url = `${location.origin}${location.pathname}${location.search}#${fragment}`;
  if (seq === saveSeq) {
    restoring = true;
    history.replaceState(null, '', url);
    restoring = false;
    ($('share-url') as HTMLInputElement).value = url;
  }
  return url;
}

// ---- the document changed
let refreshTimer: number | undefined;
function lintContext(): LintContext {
  return state.importedFrom ? { importedFrom: state.importedFrom as LintContext['importedFrom'] } : {};
}
function refresh(): void {
  analysis = analyze(state.text, lintContext());
  if (analysis.kind !== 'invalid') lastValid = analysis;
  showFeedback();
  drawChart();
  showExport();
  scheduleSave();
}

const editor = createEditor($('editor'), state.text, (text) => {
  state.text = text;
  window.clearTimeout(refreshTimer);
  refreshTimer = window.setTimeout(refresh, 120);
});

// ---- "from": the importers' forms
function renderFromForm(): void {
  const id = ($('from-source') as HTMLSelectElement).value;
  const importer = importerById(id);
  const fields = $('from-fields');
  fields.replaceChildren();
  $('from-actions').hidden = !importer;
  $('import-result').replaceChildren();
  if (!importer) return;
  const values = formValues.get(id) ?? { ...importer.defaults };
  formValues.set(id, values);
  for (const f of importer.fields) {
    const wrap = document.createElement('div');
    wrap.className = 'field';
    const label = document.createElement('label');
    const inputId = `from-${importer.id}-${f.key}`;
    label.htmlFor = inputId;
    label.textContent = f.label;
    let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    if (f.kind === 'select') {
      const select = document.createElement('select');
      for (const o of f.options ?? []) select.append(new Option(o, o));
      input = select;
    } else if (f.kind === 'code') {
      const ta = document.createElement('textarea');
      ta.rows = 3;
      ta.spellcheck = false;
      input = ta;
    } else {
      const inp = document.createElement('input');
      inp.type = 'text';
      if (f.kind === 'number') inp.inputMode = 'decimal';
      input = inp;
    }
    input.id = inputId;
    input.name = f.key;
    if ('placeholder' in input && f.placeholder) input.placeholder = f.placeholder;
    input.value = values[f.key] ?? '';
    input.addEventListener('input', () => (values[f.key] = input.value));
    input.addEventListener('change', () => (values[f.key] = input.value));
    wrap.append(label, input);
    if (f.help) {
      const help = document.createElement('div');
      help.className = 'help';
      help.textContent = f.help;
      wrap.append(help);
    }
    fields.append(wrap);
  }
}

function runImport(): ImportResult | undefined {
  const id = ($('from-source') as HTMLSelectElement).value;
  const importer = importerById(id);
  const out = $('import-result');
  out.replaceChildren();
  if (!importer) return undefined;
  try {
    const result = importer.run(formValues.get(id) ?? importer.defaults, { stepsPerEpoch: state.stepsPerEpoch });
    const p = document.createElement('div');
    p.textContent = `Imported ${result.label}.${result.notes.length > 0 ? ` ${result.notes.join('. ')}.` : ''}`;
    out.append(p);
    return result;
  } catch (error) {
    for (const line of importFailure(error)) {
      const p = document.createElement('div');
      p.className = 'error';
      p.textContent = `✖ ${line}`;
      out.append(p);
    }
    out.setAttribute('role', 'alert');
    return undefined;
  }
}

/** The imported policy as the editor's JSON, with where it came from as its description. */
function documentText(result: ImportResult): string {
  const { version, description, ...rest } = result.policy as unknown as Record<string, unknown>;
  const origin = [result.label, ...result.notes].join('; ').slice(0, 1000);
  return `${JSON.stringify({ version, description: description ?? origin, ...rest }, null, 2)}\n`;
}

$('from-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const r = runImport();
  if (!r) return;
  state.importedFrom = r.importedFrom;
  state.range = undefined;
  state.readout = undefined;
  editor.setText(documentText(r));
});
$('import-compare').addEventListener('click', () => {
  const r = runImport();
  if (!r) return;
  addOverlay(r.label, documentText(r));
});

// ---- comparison overlays
function addOverlay(label: string, text: string): void {
  if (state.overlays.length >= 16) return;
  let name = label;
  for (let n = 2; state.overlays.some((o) => o.label === name); n++) name = `${label} (${n})`;
  state.overlays.push({ label: name, text });
  drawChart();
  scheduleSave();
}
function renderOverlays(): void {
  const list = $('overlays');
  list.replaceChildren();
  const colors = new Map((model?.curves ?? []).filter((c) => c.key === 'lr').map((c) => [c.name, c.color]));
  state.overlays.forEach((o, i) => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = colors.get(o.label) ?? '#999';
    const name = document.createElement('span');
    name.textContent = o.label;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', `Remove ${o.label} from the comparison`);
    remove.addEventListener('click', () => {
      state.overlays.splice(i, 1);
      drawChart();
      scheduleSave();
    });
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.textContent = 'Edit';
    edit.setAttribute('aria-label', `Put ${o.label} in the editor`);
    edit.addEventListener('click', () => editor.setText(o.text));
    li.append(swatch, name, edit, remove);
    list.append(li);
  });
  if (state.overlays.length === 0) {
    const li = document.createElement('li');
    li.className = 'notes';
    li.textContent = 'Add documents to draw them together: e.g. the same recipe imported from two frameworks.';
    list.append(li);
  }
}
$('pin').addEventListener('click', () => {
  if (!lastValid || analysis.kind === 'invalid') return;
  addOverlay(lastValid.policy?.description?.slice(0, 60) ?? 'document', state.text);
});

// ---- chart settings
function syncControls(): void {
  ($('log') as HTMLInputElement).checked = state.log;
  ($('phases') as HTMLInputElement).checked = state.phases;
  ($('unit') as HTMLSelectElement).value = state.unit;
  ($('spe') as HTMLInputElement).value = state.stepsPerEpoch === undefined ? '' : String(state.stepsPerEpoch);
  (($('unit') as HTMLSelectElement).options[1] as HTMLOptionElement).disabled = state.stepsPerEpoch === undefined;
  ($('export-format') as HTMLSelectElement).value = state.exportId;
}
$('log').addEventListener('change', () => {
  state.log = ($('log') as HTMLInputElement).checked;
  drawChart();
  scheduleSave();
});
$('phases').addEventListener('change', () => {
  state.phases = ($('phases') as HTMLInputElement).checked;
  drawChart();
  scheduleSave();
});
$('unit').addEventListener('change', () => {
  state.unit = ($('unit') as HTMLSelectElement).value === 'epochs' ? 'epochs' : 'steps';
  drawChart();
  showExport();
  scheduleSave();
});
$('spe').addEventListener('change', () => {
  const v = Number(($('spe') as HTMLInputElement).value);
  state.stepsPerEpoch = Number.isSafeInteger(v) && v >= 1 ? v : undefined;
  if (state.stepsPerEpoch === undefined) state.unit = 'steps';
  syncControls();
  drawChart();
  showExport();
  scheduleSave();
});
function zoomTo(): void {
  const a = Number(($('zoom-from') as HTMLInputElement).value);
  const b = Number(($('zoom-to') as HTMLInputElement).value);
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) return;
  state.range = clampRange([a, b]);
  drawChart();
  showExport();
  scheduleSave();
}
$('zoom-apply').addEventListener('click', zoomTo);
for (const id of ['zoom-from', 'zoom-to']) {
  $(id).addEventListener('keydown', (e) => {
    if (e.key === 'Enter') zoomTo();
  });
}
$('zoom-reset').addEventListener('click', () => {
  state.range = undefined;
  drawChart();
  showExport();
  scheduleSave();
});
$('chart').addEventListener('dblclick', () => {
  state.range = undefined;
  drawChart();
  showExport();
  scheduleSave();
});

// ---- output controls
const exportSelect = $('export-format') as HTMLSelectElement;
for (const e of EXPORTERS) exportSelect.append(new Option(e.label, e.id));
exportSelect.addEventListener('change', () => {
  state.exportId = exportSelect.value;
  showExport();
  scheduleSave();
});
$('copy').addEventListener('click', () => {
  if (exported) void copyText(exported.text, exporterById(state.exportId)?.label ?? 'text');
});
$('download').addEventListener('click', () => {
  if (exported) download(exported);
});
$('share').addEventListener('click', () => {
  window.clearTimeout(saveTimer);
  void save().then((url) => copyText(url, 'share link'));
});

// ---- from selector
const fromSelect = $('from-source') as HTMLSelectElement;
for (const i of IMPORTERS) fromSelect.append(new Option(i.label, i.id));
fromSelect.addEventListener('change', renderFromForm);

// ---- restore a shared view
let restoring = false;
function notice(lines: string[]): void {
  const n = $('notice');
  n.hidden = lines.length === 0;
  n.textContent = lines.join(' ');
}
async function restore(): Promise<void> {
  if (!isViewFragment(location.hash)) return;
  const { state: restored, problems } = await decodeView(location.hash);
  if (!restored) {
    notice(problems);
    return;
  }
  notice([]);
  Object.assign(state, restored);
  if (restored.stepsPerEpoch === undefined) delete state.stepsPerEpoch;
  if (restored.range === undefined) delete state.range;
  if (restored.readout === undefined) delete state.readout;
  if (restored.importedFrom === undefined) delete state.importedFrom;
  syncControls();
  renderOverlays();
  if (editor.text() !== state.text) editor.setText(state.text);
  window.clearTimeout(refreshTimer);
  refresh();
}
window.addEventListener('hashchange', () => {
  if (!restoring) void restore();
});

let lastWidth = 0;
new ResizeObserver(() => {
  const w = $('chart-svg').clientWidth;
  if (Math.abs(w - lastWidth) < 2) return;
  lastWidth = w;
  drawChart();
}).observe($('chart-svg'));

syncControls();
renderFromForm();
renderOverlays();
if (isViewFragment(location.hash)) void restore();
else refresh();
