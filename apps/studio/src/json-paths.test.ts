import { jsonLanguage } from '@codemirror/lang-json';
import { describe, expect, it } from 'vitest';
import { contextAt, firstSyntaxError, pathOfNode, rangeOfPath } from './json-paths.js';

const parse = (text: string) => jsonLanguage.parser.parse(text);
const at = (text: string, marker: string): number => {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`no ${marker} in ${text}`);
  return i;
};

describe('rangeOfPath', () => {
  const text = '{"version": 1, "lr": {"type": "join", "parts": [{"schedule": {"type": "constant", "value": 1}, "steps": 10}, {"schedule": {"type": "linear", "from": 1, "to": 0, "steps": -5}}]}}';
  const tree = parse(text);

  it('selects the value at a path through objects and arrays', () => {
    const r = rangeOfPath(tree, text, ['lr', 'parts', 1, 'schedule', 'steps']);
    expect(text.slice(r.from, r.to)).toBe('-5');
    expect(r.exact).toBe(true);
  });

  it('selects a whole object or the document for short paths', () => {
    const r = rangeOfPath(tree, text, ['lr', 'parts', 0, 'schedule']);
    expect(text.slice(r.from, r.to)).toBe('{"type": "constant", "value": 1}');
    expect(rangeOfPath(tree, text, [])).toEqual({ from: 0, to: text.length, exact: true });
  });

  it('falls back to the deepest existing parent for a missing field', () => {
    const r = rangeOfPath(tree, text, ['lr', 'parts', 0, 'schedule', 'peak']);
    expect(text.slice(r.from, r.to)).toBe('{"type": "constant", "value": 1}');
    expect(r.exact).toBe(false);
    const past = rangeOfPath(tree, text, ['lr', 'parts', 7]);
    expect(text.slice(past.from, past.to).startsWith('[')).toBe(true);
  });

  it('reads keys with escapes as JSON spells them', () => {
    const t = '{"a\\u0062": {"c": 3}}';
    const r = rangeOfPath(parse(t), t, ['ab', 'c']);
    expect(t.slice(r.from, r.to)).toBe('3');
  });
});

describe('contextAt', () => {
  it('knows a key being hovered or typed, with the path of its object', () => {
    const text = '{"lr": {"type": "oneCycle", "steps": 10}}';
    const c = contextAt(parse(text), text, at(text, 'steps') + 2);
    expect(c).toMatchObject({ kind: 'key', key: 'steps', objectPath: ['lr'] });
  });

  it('knows the value of a property', () => {
    const text = '{"lr": {"type": "oneCycle", "shape": "cos"}}';
    const c = contextAt(parse(text), text, at(text, '"cos"') + 3);
    expect(c).toMatchObject({ kind: 'value', key: 'shape', objectPath: ['lr'] });
  });

  it('reads a half-typed key after a comma, and an empty value after a colon', () => {
    const half = '{"type": "oneCycle", "st';
    expect(contextAt(parse(half), half, half.length)).toMatchObject({ kind: 'key', objectPath: [], token: { from: half.length - 3, to: half.length } });
    const colon = '{"type": "oneCycle", "shape": ';
    expect(contextAt(parse(colon), colon, colon.length)).toMatchObject({ kind: 'value', key: 'shape' });
    const empty = '{\n  \n}';
    expect(contextAt(parse(empty), empty, 4)).toMatchObject({ kind: 'key', objectPath: [] });
  });

  it('gives array indices in paths', () => {
    const text = '{"parts": [{"steps": 1}, {"schedule": {"type": "cosine"}}]}';
    const c = contextAt(parse(text), text, at(text, '"cosine"') + 2);
    expect(c).toMatchObject({ kind: 'value', key: 'type', objectPath: ['parts', 1, 'schedule'] });
    const tree = parse(text);
    const node = tree.resolveInner(at(text, '"cosine"') + 2, 1);
    expect(pathOfNode(text, node)).toEqual(['parts', 1, 'schedule', 'type']);
  });
});

describe('firstSyntaxError', () => {
  it('is where the parser stopped, and undefined for valid JSON', () => {
    expect(firstSyntaxError(parse('{"a": 1}'))).toBeUndefined();
    const text = '{"a": 1 "b": 2}';
    expect(firstSyntaxError(parse(text))).toBe(at(text, '"b"'));
  });
});
