import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';

describe('analyze', () => {
  it('seals a valid policy and explains it; a schedule becomes the lr of a policy', () => {
    const a = analyze('{"type": "linear", "from": 1, "to": 0, "steps": 10}');
    expect(a.kind).toBe('schedule');
    expect(a.policy?.lr).toBe(a.schedule);
    expect(a.issues).toEqual([]);
    expect(a.sentences[0]).toBe('The first update uses 1.');
  });

  it('locates every validation issue at its path in the text', () => {
    const text = '{\n  "version": 1,\n  "lr": { "type": "oneCycle", "steps": -5, "from": 0.004, "peak": 0.1, "to": 0, "shap": "cosine" }\n}';
    const a = analyze(text);
    expect(a.kind).toBe('invalid');
    const steps = a.issues.find((i) => i.where === 'lr.steps');
    expect(steps && text.slice(steps.from, steps.to)).toBe('-5');
    const typo = a.issues.find((i) => i.where === 'lr.shap');
    expect(typo && text.slice(typo.from, typo.to)).toBe('"cosine"');
    expect(typo?.message).toMatch(/shape/);
  });

  it('puts a JSON syntax error where the parser stopped, with its line', () => {
    const text = '{\n  "type": "constant",\n  "value" 1\n}';
    const [issue] = analyze(text).issues;
    expect(issue.code).toBe('invalid_json');
    expect(issue.where).toBe('line 3');
    expect(issue.from).toBe(text.indexOf('1'));
  });

  it('lints with the lint context and locates findings', () => {
    const text = '{"version": 1, "lr": {"type": "constant", "value": -0.1}}';
    const a = analyze(text);
    expect(a.lint.length).toBeGreaterThan(0);
    expect(a.lint[0].where.startsWith('lr')).toBe(true);
    expect(analyze('').issues[0].message).toMatch(/empty/);
  });
});
