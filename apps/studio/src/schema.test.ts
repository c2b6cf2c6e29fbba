import { json } from '@codemirror/lang-json';
import { EditorState } from '@codemirror/state';
import { scheduleJsonSchema } from '@cyclr/core';
import { SCHEDULE_TYPES } from '@cyclr/core/internal';
import { describe, expect, it } from 'vitest';
import { schemaCompletions, schemaHover } from './editor.js';

const SCHEMA = scheduleJsonSchema() as { $defs: Record<string, { description?: string; required?: string[]; properties: Record<string, { description?: string }> }> };
const stateOf = (doc: string) => EditorState.create({ doc, extensions: [json()] });
const labels = (doc: string, pos = doc.length, explicit = true) => schemaCompletions(stateOf(doc), pos, explicit)?.options.map((o) => o.label) ?? [];
/** The document after accepting the completion `label` at `pos`, as CodeMirror applies a string: from..to replaced. */
const accept = (doc: string, label: string, pos = doc.length): string => {
  const r = schemaCompletions(stateOf(doc), pos, true)!;
  const o = r.options.find((x) => x.label === label)!;
  return doc.slice(0, r.from) + String(o.apply) + doc.slice(r.to ?? pos);
};

describe('completion from the JSON Schema', () => {
  it('offers the keys a family has not got yet, required ones first', () => {
    const doc = '{"lr": {"type": "oneCycle", "steps": 100, "';
    const got = labels(doc);
    expect(got.slice(0, 3).sort()).toEqual(['from', 'peak', 'to']);
    expect(got).toContain('pctStart');
    expect(got).not.toContain('steps');
    expect(got).not.toContain('type');
  });

  it('offers every family for `type`, each with its description', () => {
    const result = schemaCompletions(stateOf('{"lr": {"type": "'), '{"lr": {"type": "'.length, true);
    expect(result?.options.map((o) => o.label).sort()).toEqual([...SCHEDULE_TYPES].sort());
    const cosine = result?.options.find((o) => o.label === 'cosine');
    expect(cosine?.info).toBe(SCHEMA.$defs.cosine.description);
    expect(accept('{"lr": {"type": "', 'cosine')).toBe('{"lr": {"type": "cosine"');
    expect(accept('{"lr": {"type": "cos"}}', 'cosine', '{"lr": {"type": "cos'.length)).toBe('{"lr": {"type": "cosine"}}');
    expect(accept('{"lr": {"type": ', 'cosine')).toBe('{"lr": {"type": "cosine"');
  });

  it('offers enum values, and the policy keys at the root', () => {
    expect(labels('{"type": "oneCycle", "shape": ').sort()).toEqual(['cosine', 'linear']);
    expect(labels('{"type": "oneCycle", "threePhase": ').sort()).toEqual(['false', 'true']);
    const root = labels('{"version": 1, "');
    expect(root).toContain('lr');
    expect(root).toContain('momentum');
    expect(root).toContain('plateau');
    expect(labels('{"version": 1, "plateau": {"')).toContain('patience');
  });

  it('follows join parts and nested schedules to their family', () => {
    const doc = '{"type": "join", "parts": [{"schedule": {"type": "cosine", "';
    expect(labels(doc)).toEqual(expect.arrayContaining(['from', 'to', 'steps', 'power']));
    expect(labels('{"type": "join", "parts": [{"')).toEqual(['schedule', 'steps']);
  });

  it('stays quiet while typing outside a key or value, and inserts the colon only when missing', () => {
    expect(schemaCompletions(stateOf('{"type": "oneCycle", '), '{"type": "oneCycle", '.length, false)).toBeNull();
    expect(accept('{"type": "oneCycle", "pe": 1}', 'peak', '{"type": "oneCycle", "pe'.length)).toBe('{"type": "oneCycle", "peak": 1}');
    expect(accept('{"type": "oneCycle", "pe', 'peak')).toBe('{"type": "oneCycle", "peak": ');
    expect(accept('{"type": "oneCycle", ', 'peak')).toBe('{"type": "oneCycle", "peak": ');
  });

  it('covers every family in the registry: each one offers its required fields', () => {
    for (const type of SCHEDULE_TYPES) {
      const doc = `{"type": "${type}", "`;
      const want = (SCHEMA.$defs[type].required ?? []).filter((k) => k !== 'type');
      expect(labels(doc), type).toEqual(expect.arrayContaining(want));
    }
  });
});

describe('hover docs from the JSON Schema', () => {
  it('describes a key: what it takes and what it means', () => {
    const doc = '{"type": "oneCycle", "pctStart": 0.3}';
    const h = schemaHover(stateOf(doc), doc.indexOf('pctStart') + 2, 1);
    expect(h?.title).toBe('pctStart: number ≥ 0 ≤ 1, default 0.3');
    expect(h?.body).toBe(SCHEMA.$defs.oneCycle.properties.pctStart.description);
    const req = schemaHover(stateOf(doc), doc.indexOf('type') + 1, 1);
    expect(req?.title.startsWith('type (required)')).toBe(true);
  });

  it("describes a family on its type name, and nothing on other values", () => {
    const doc = '{"lr": {"type": "warmupStableDecay"}, "version": 1}';
    const h = schemaHover(stateOf(doc), doc.indexOf('warmupStable') + 3, 1);
    expect(h).toMatchObject({ title: 'warmupStableDecay', body: SCHEMA.$defs.warmupStableDecay.description });
    expect(schemaHover(stateOf(doc), doc.indexOf(': 1') + 2, 1)).toBeNull();
  });
});
