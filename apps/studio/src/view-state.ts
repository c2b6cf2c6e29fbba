/**
 * Everything a view of the studio is: the document, the comparison overlays and the chart's
 * settings. A share link carries exactly this (see share.ts), so opening it restores the view.
 */

export interface Overlay {
  label: string;
  /** cyclr JSON of a policy or schedule */
  text: string;
}

export interface ViewState {
  /** the editor's text */
  text: string;
  /** y axis on a log scale */
  log: boolean;
  /** x axis in steps or epochs (epochs need stepsPerEpoch) */
  unit: 'steps' | 'epochs';
  /** updates per epoch: the epochs axis, epoch-stepped imports, the CSV's epoch column */
  stepsPerEpoch?: number;
  /** the zoomed step range [first, last], inclusive; absent: the whole schedule */
  range?: [number, number];
  /** hyperparameters not drawn */
  hidden: string[];
  /** phase boundaries drawn */
  phases: boolean;
  /** the step the read-out shows, when pinned */
  readout?: number;
  overlays: Overlay[];
  /** the peer the document was imported from (lint context) */
  importedFrom?: string;
  /** the selected output format */
  exportId: string;
}

export const DEFAULT_TEXT = `{
  "version": 1,
  "description": "one-cycle for SGD: PyTorch OneCycleLR(max_lr=0.1, total_steps=1000)",
  "lr": { "type": "oneCycle", "steps": 1000, "from": 0.004, "peak": 0.1, "to": 4e-7 },
  "momentum": { "type": "oneCycle", "steps": 1000, "from": 0.95, "peak": 0.85, "to": 0.95 }
}
`;

export function defaultState(): ViewState {
  return { text: DEFAULT_TEXT, log: false, unit: 'steps', hidden: [], phases: true, overlays: [], exportId: 'cyclr' };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStep = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const IMPORTED = ['pytorch', 'keras', 'optax', 'fastai', 'timm', 'transformers'];

/**
 * A ViewState from untrusted data (a decoded link): each field checked; the problems are returned,
 * never silently patched, and the state is undefined when there are any.
 */
export function readState(value: unknown): { state?: ViewState; problems: string[] } {
  const problems: string[] = [];
  if (!isRecord(value)) return { problems: ['the link does not hold a studio view'] };
  const s = defaultState();
  if (typeof value.text !== 'string' || value.text.length > 1_000_000) problems.push('text must be a string of at most 1,000,000 characters');
  else s.text = value.text;
  if (value.log !== undefined) {
    if (typeof value.log !== 'boolean') problems.push('log must be true or false');
    else s.log = value.log;
  }
  if (value.unit !== undefined) {
    if (value.unit !== 'steps' && value.unit !== 'epochs') problems.push("unit must be 'steps' or 'epochs'");
    else s.unit = value.unit;
  }
  if (value.stepsPerEpoch !== undefined) {
    if (typeof value.stepsPerEpoch !== 'number' || !Number.isSafeInteger(value.stepsPerEpoch) || value.stepsPerEpoch < 1) problems.push('stepsPerEpoch must be a positive integer');
    else s.stepsPerEpoch = value.stepsPerEpoch;
  }
  if (value.range !== undefined) {
    const r = value.range;
    if (!Array.isArray(r) || r.length !== 2 || !isStep(r[0]) || !isStep(r[1]) || r[0] >= r[1]) problems.push('range must be [first, last] steps with first < last');
    else s.range = [r[0], r[1]];
  }
  if (value.hidden !== undefined) {
    if (!Array.isArray(value.hidden) || !value.hidden.every((h) => typeof h === 'string')) problems.push('hidden must be a list of names');
    else s.hidden = [...(value.hidden as string[])];
  }
  if (value.phases !== undefined) {
    if (typeof value.phases !== 'boolean') problems.push('phases must be true or false');
    else s.phases = value.phases;
  }
  if (value.readout !== undefined) {
    if (!isStep(value.readout)) problems.push('readout must be a step');
    else s.readout = value.readout;
  }
  if (value.overlays !== undefined) {
    const o = value.overlays;
    if (!Array.isArray(o) || o.length > 16 || !o.every((x) => isRecord(x) && typeof x.label === 'string' && typeof x.text === 'string')) problems.push('overlays must be at most 16 { label, text } entries');
    else s.overlays = o.map((x) => ({ label: String(x.label).slice(0, 200), text: String(x.text) }));
  }
  if (value.importedFrom !== undefined) {
    if (typeof value.importedFrom !== 'string' || !IMPORTED.includes(value.importedFrom)) problems.push(`importedFrom must be one of ${IMPORTED.join(', ')}`);
    else s.importedFrom = value.importedFrom;
  }
  if (value.exportId !== undefined) {
    if (typeof value.exportId !== 'string') problems.push('exportId must be a string');
    else s.exportId = value.exportId;
  }
  if (s.unit === 'epochs' && s.stepsPerEpoch === undefined) problems.push('unit epochs needs stepsPerEpoch');
  return problems.length > 0 ? { problems } : { state: s, problems };
}

/** The state as plain JSON, defaults left out (shorter links). */
export function writeState(s: ViewState): Record<string, unknown> {
  const d = defaultState();
  const out: Record<string, unknown> = { text: s.text };
  if (s.log !== d.log) out.log = s.log;
  if (s.unit !== d.unit) out.unit = s.unit;
  if (s.stepsPerEpoch !== undefined) out.stepsPerEpoch = s.stepsPerEpoch;
  if (s.range) out.range = [...s.range];
  if (s.hidden.length > 0) out.hidden = [...s.hidden];
  if (s.phases !== d.phases) out.phases = s.phases;
  if (s.readout !== undefined) out.readout = s.readout;
  if (s.overlays.length > 0) out.overlays = s.overlays.map((o) => ({ ...o }));
  if (s.importedFrom !== undefined) out.importedFrom = s.importedFrom;
  if (s.exportId !== d.exportId) out.exportId = s.exportId;
  return out;
}
