/**
 * The editor's text → what the studio shows about it: the sealed policy (a schedule is the policy
 * `{ version: 1, lr }`), every validation issue and lint finding with the text range of its path,
 * and core's explanation in sentences. A pure function of the text and the lint context.
 */
import {
  explainSchedule,
  formatPath,
  lintSchedule,
  parsePolicy,
  parseSchedule,
  validatePolicy,
  validateSchedule,
  type LintContext,
  type Policy,
  type Schedule,
  type SpecIssue,
} from '@cyclr/core';
import { isPolicyLike } from '@cyclr/plot';
import type { Tree } from '@lezer/common';
import { jsonLanguage } from '@codemirror/lang-json';
import { firstSyntaxError, rangeOfPath, type JsonPath } from './json-paths.js';

export interface Located {
  /** 'error' for validation issues, a lint finding's severity otherwise */
  severity: 'error' | 'warning' | 'info';
  code: string;
  path: JsonPath;
  /** the path as core prints it (`lr.parts[1].steps`), or '(document)' for the root */
  where: string;
  message: string;
  from: number;
  to: number;
}

export interface Analysis {
  text: string;
  kind: 'policy' | 'schedule' | 'invalid';
  /** the sealed policy (a schedule as `{ version: 1, lr }`), when the document is valid */
  policy?: Policy;
  /** the sealed schedule, when the document is a schedule */
  schedule?: Schedule;
  issues: Located[];
  lint: Located[];
  sentences: string[];
}

/** The document as a policy: a schedule is the learning rate of one. */
export function asPolicy(spec: Policy | Schedule): Policy {
  return 'type' in spec ? ({ version: 1, lr: spec } as Policy) : spec;
}

export function where(path: JsonPath): string {
  return path.length === 0 ? '(document)' : formatPath(path);
}

function locate(tree: Tree, text: string, severity: Located['severity'], code: string, path: JsonPath, message: string): Located {
  const r = rangeOfPath(tree, text, path);
  return { severity, code, path, where: where(path), message, from: r.from, to: r.to };
}

/** A JSON syntax error: the position the parser stopped at (the first recovered error node), the message JSON.parse gives. */
function syntaxIssue(tree: Tree, text: string, error: unknown): Located {
  const at = firstSyntaxError(tree) ?? text.length;
  const raw = error instanceof Error ? error.message : String(error);
  return { severity: 'error', code: 'invalid_json', path: [], where: `line ${lineOf(text, at)}`, message: `not valid JSON: ${raw}`, from: at, to: Math.min(text.length, at + 1) };
}

function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function analyze(text: string, context: LintContext = {}): Analysis {
  const tree = jsonLanguage.parser.parse(text);
  const out: Analysis = { text, kind: 'invalid', issues: [], lint: [], sentences: [] };
  if (text.trim() === '') {
    out.issues.push({ severity: 'error', code: 'missing', path: [], where: '(document)', message: 'the editor is empty: write a cyclr policy or schedule, or import one with "from"', from: 0, to: 0 });
    return out;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    out.issues.push(syntaxIssue(tree, text, error));
    return out;
  }
  const policyLike = isPolicyLike(value);
  const issues: SpecIssue[] = policyLike ? validatePolicy(value) : validateSchedule(value);
  out.issues = issues.map((i) => locate(tree, text, 'error', i.code, i.path, i.message));
  if (issues.length > 0) return out;
  const spec = policyLike ? parsePolicy(value) : parseSchedule(value);
  out.kind = policyLike ? 'policy' : 'schedule';
  out.policy = asPolicy(spec);
  if (!policyLike) out.schedule = spec as Schedule;
  try {
    out.lint = lintSchedule(spec, context).map((f) => locate(tree, text, f.severity, f.code, f.path, f.message));
  } catch {
    out.lint = [];
  }
  try {
    out.sentences = explainSchedule(spec as Schedule, context.totalSteps === undefined ? {} : { totalSteps: context.totalSteps }).sentences;
  } catch {
    out.sentences = [];
  }
  return out;
}
