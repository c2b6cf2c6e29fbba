/**
 * The YAML the peers write for run configs, read as data: timm's `args.yaml` (`yaml.safe_dump` of
 * the argument namespace) and Hugging Face recipes. Mappings and lists by indentation, flow lists of
 * scalars, plain and quoted scalars with YAML's core types (null, booleans, numbers, `.inf`).
 * Anchors, tags, multi-line strings and flow mappings are refused with their line: the studio does
 * not guess.
 */
import { PasteError } from './python-args.js';

interface Line {
  no: number;
  indent: number;
  text: string;
}

function scalar(raw: string, no: number): unknown {
  const v = raw.trim();
  if (v === '' || v === '~' || v === 'null' || v === 'Null' || v === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(v)) return true;
  if (/^(false|False|FALSE)$/.test(v)) return false;
  if (/^[-+]?(\d[\d_]*)$/.test(v)) return Number(v.replace(/_/g, ''));
  if (/^[-+]?(\d[\d_]*\.?[\d_]*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return Number(v.replace(/_/g, ''));
  if (/^[-+]?\.(inf|Inf|INF)$/.test(v)) return v.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(v)) return NaN;
  if (v.startsWith("'")) {
    if (!v.endsWith("'") || v.length < 2) throw new PasteError(`line ${no}: a quoted string is not closed`, 0);
    return v.slice(1, -1).replace(/''/g, "'");
  }
  if (v.startsWith('"')) {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw new PasteError(`line ${no}: cannot read the string ${v}`, 0);
    }
  }
  if (v.startsWith('[')) {
    if (!v.endsWith(']')) throw new PasteError(`line ${no}: a flow list is not closed`, 0);
    const inner = v.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((p) => scalar(p, no));
  }
  if (v === '{}') return {};
  if (/^[&*!|>{]/.test(v)) throw new PasteError(`line ${no}: ${v.slice(0, 20)} (anchors, tags, block strings and flow mappings) is not read here: paste JSON instead`, 0);
  return v;
}

const stripComment = (s: string): string => s.replace(/(^|\s)#.*$/, '');

function block(lines: Line[], at: { i: number }, indent: number): unknown {
  const first = lines[at.i];
  if (first.text.startsWith('- ') || first.text === '-') {
    const out: unknown[] = [];
    while (at.i < lines.length && lines[at.i].indent === indent && (lines[at.i].text.startsWith('- ') || lines[at.i].text === '-')) {
      const item = lines[at.i].text.slice(1).trim();
      const no = lines[at.i].no;
      at.i++;
      if (item === '' && at.i < lines.length && lines[at.i].indent > indent) out.push(block(lines, at, lines[at.i].indent));
      else if (/^[^'"[{][^:]*:(\s|$)/.test(item)) throw new PasteError(`line ${no}: a list of mappings is not read here: paste JSON instead`, 0);
      else out.push(scalar(item, no));
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  while (at.i < lines.length && lines[at.i].indent === indent) {
    const { text, no } = lines[at.i];
    const m = /^("[^"]*"|'[^']*'|[^:]+?)\s*:(?:\s+(.*))?$/.exec(text);
    if (!m) throw new PasteError(`line ${no}: expected key: value, got ${text.slice(0, 40)}`, 0);
    const key = String(scalar(m[1], no));
    at.i++;
    const rest = m[2]?.trim() ?? '';
    if (rest === '' && at.i < lines.length && lines[at.i].indent > indent) out[key] = block(lines, at, lines[at.i].indent);
    else if (rest === '' && at.i < lines.length && lines[at.i].indent === indent && lines[at.i].text.startsWith('- ')) out[key] = block(lines, at, indent);
    else out[key] = scalar(rest, no);
  }
  if (at.i < lines.length && lines[at.i].indent > indent) throw new PasteError(`line ${lines[at.i].no}: unexpected indentation`, 0);
  return out;
}

/** The mapping a YAML document holds; throws a PasteError naming the line it cannot read. */
export function readYamlMapping(text: string): Record<string, unknown> {
  const lines: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.includes('\t')) throw new PasteError(`line ${i + 1}: a tab (YAML indents with spaces)`, 0);
    const body = stripComment(raw).trimEnd();
    if (body.trim() === '' || body.trim() === '---' || body.trim() === '...') return;
    lines.push({ no: i + 1, indent: body.length - body.trimStart().length, text: body.trim() });
  });
  if (lines.length === 0) return {};
  const at = { i: 0 };
  const value = block(lines, at, lines[0].indent);
  if (at.i < lines.length) throw new PasteError(`line ${lines[at.i].no}: unexpected indentation`, 0);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PasteError('expected a mapping of keys to values', 0);
  return value as Record<string, unknown>;
}
