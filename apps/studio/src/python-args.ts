/**
 * What people paste for a peer's scheduler, read as data: JSON, a Python dict literal
 * (`{'max_lr': 0.1, 'anneal_strategy': 'cos'}`, what `get_config()` prints), keyword arguments
 * (`max_lr=0.1, total_steps=100`) or a whole call
 * (`sched = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=100)`).
 *
 * Python literals only: numbers (with `_` separators and arithmetic on them: `0.1 / 25`,
 * `10 * 391`), strings, True/False/None, lists, tuples, dicts. Anything else (`len(loader)`,
 * `args.lr`) is kept as an `Expression` holding its text, so the importer can fill it from a form
 * field or name it in its error. A call's positional arguments are kept apart for the importer.
 */

export class Expression {
  constructor(readonly text: string) {}
}

/** A call inside the arguments (`LinearLR(opt, start_factor=0.1)`, `len(loader)`): its keywords read. */
export class Call extends Expression {
  constructor(
    text: string,
    readonly callee: string,
    readonly args: readonly unknown[],
    readonly kwargs: Record<string, unknown>,
  ) {
    super(text);
  }
}

export interface PastedArgs {
  /** the callee's last name (`OneCycleLR`), when a call was pasted */
  callee?: string;
  /** a call's positional arguments (the optimizer usually: an Expression) */
  args: readonly unknown[];
  kwargs: Record<string, unknown>;
}

export class PasteError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
    this.name = 'PasteError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Expression);

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  ws(): void {
    for (;;) {
      while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
      if (this.s[this.i] === '#') {
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
        continue;
      }
      if (this.s[this.i] === '\\' && this.s[this.i + 1] === '\n') {
        this.i += 2;
        continue;
      }
      return;
    }
  }
  peek(): string {
    this.ws();
    return this.s[this.i] ?? '';
  }
  eat(c: string): boolean {
    if (this.peek() === c) {
      this.i++;
      return true;
    }
    return false;
  }
  expect(c: string): void {
    if (!this.eat(c)) throw new PasteError(`expected '${c}' at character ${this.i + 1}${this.i < this.s.length ? `, found '${this.s[this.i]}'` : ''}`, this.i);
  }
  done(): boolean {
    return this.peek() === '';
  }
  /** an identifier (dotted names allowed), or '' */
  name(): string {
    this.ws();
    const m = /^[A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_]\w*)*/.exec(this.s.slice(this.i));
    if (!m) return '';
    this.i += m[0].length;
    return m[0].replace(/\s+/g, '');
  }
}

/** Skips one balanced expression (for the text of a non-literal) and returns its text. */
function skipExpression(r: Reader, start: number): Expression {
  r.i = start;
  let depth = 0;
  let quote = '';
  for (; r.i < r.s.length; r.i++) {
    const c = r.s[r.i];
    if (quote) {
      if (c === '\\') r.i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) break;
      depth--;
    } else if ((c === ',' || c === ':') && depth === 0) break;
  }
  return new Expression(r.s.slice(start, r.i).trim());
}

function str(r: Reader): string {
  const q = r.s[r.i];
  const triple = r.s.startsWith(q.repeat(3), r.i);
  const close = triple ? q.repeat(3) : q;
  r.i += close.length;
  let out = '';
  for (;;) {
    if (r.i >= r.s.length) throw new PasteError('a string is not closed', r.i);
    if (r.s.startsWith(close, r.i)) {
      r.i += close.length;
      return out;
    }
    const c = r.s[r.i++];
    if (c === '\\') {
      const e = r.s[r.i++];
      out += e === 'n' ? '\n' : e === 't' ? '\t' : e;
    } else out += c;
  }
}

/** atom: number, string, constant, list, tuple, dict, or (expr) */
function atom(r: Reader): unknown {
  const c = r.peek();
  if (c === '"' || c === "'") {
    let s = str(r);
    while (r.peek() === '"' || r.peek() === "'") s += str(r); // implicit concatenation
    return s;
  }
  if (c === '[') {
    r.i++;
    const items: unknown[] = [];
    while (!r.eat(']')) {
      items.push(expr(r));
      if (!r.eat(',')) {
        r.expect(']');
        break;
      }
    }
    return items;
  }
  if (c === '(') {
    r.i++;
    if (r.eat(')')) return [];
    const first = expr(r);
    if (r.eat(')')) return first;
    const items = [first];
    while (r.eat(',')) {
      if (r.peek() === ')') break;
      items.push(expr(r));
    }
    r.expect(')');
    return items;
  }
  if (c === '{') {
    r.i++;
    const out: Record<string, unknown> = {};
    while (!r.eat('}')) {
      const key = expr(r);
      r.expect(':');
      const value = expr(r);
      out[typeof key === 'string' ? key : String(key)] = value;
      if (!r.eat(',')) {
        r.expect('}');
        break;
      }
    }
    return out;
  }
  const num = /^(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?/.exec(r.s.slice(r.i));
  if (num) {
    r.i += num[0].length;
    return Number(num[0].replace(/_/g, ''));
  }
  const start = r.i;
  const name = r.name();
  if (name === 'True' || name === 'true') return true;
  if (name === 'False' || name === 'false') return false;
  if (name === 'None' || name === 'null') return null;
  if (name === '') throw new PasteError(`unexpected '${r.s[r.i] ?? 'end of text'}' at character ${r.i + 1}`, r.i);
  if (r.peek() === '(') {
    r.i++;
    const { args, kwargs } = callArgs(r);
    return new Call(r.s.slice(start, r.i).trim(), name.split('.').pop() as string, args, kwargs);
  }
  return skipExpression(r, start);
}

function unary(r: Reader): unknown {
  if (r.eat('-')) return neg(unary(r));
  if (r.eat('+')) return unary(r);
  return power(r);
}

const neg = (v: unknown): unknown => (typeof v === 'number' ? -v : v instanceof Expression ? new Expression(`-${v.text}`) : v);

function power(r: Reader): unknown {
  const base = atom(r);
  r.ws();
  if (r.s.startsWith('**', r.i)) {
    r.i += 2;
    return arith(base, unary(r), (a, b) => a ** b, '**');
  }
  return base;
}

function arith(a: unknown, b: unknown, f: (a: number, b: number) => number, op: string): unknown {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const text = (v: unknown): string => (v instanceof Expression ? v.text : JSON.stringify(v));
  return new Expression(`${text(a)} ${op} ${text(b)}`);
}

function term(r: Reader): unknown {
  let v = unary(r);
  for (;;) {
    r.ws();
    const s = r.s.slice(r.i, r.i + 2);
    if (s === '//') {
      r.i += 2;
      v = arith(v, unary(r), (a, b) => Math.floor(a / b), '//');
    } else if (s[0] === '*' && s !== '**') {
      r.i++;
      v = arith(v, unary(r), (a, b) => a * b, '*');
    } else if (s[0] === '/') {
      r.i++;
      v = arith(v, unary(r), (a, b) => a / b, '/');
    } else if (s[0] === '%') {
      r.i++;
      v = arith(v, unary(r), (a, b) => a - b * Math.floor(a / b), '%');
    } else return v;
  }
}

function expr(r: Reader): unknown {
  let v = term(r);
  for (;;) {
    const c = r.peek();
    if (c === '+') {
      r.i++;
      v = arith(v, term(r), (a, b) => a + b, '+');
    } else if (c === '-') {
      r.i++;
      v = arith(v, term(r), (a, b) => a - b, '-');
    } else return v;
  }
}

/** Call arguments after '(' up to ')': positional ones in order, then keywords. */
function callArgs(r: Reader): { args: unknown[]; kwargs: Record<string, unknown> } {
  const kwargs: Record<string, unknown> = {};
  const args: unknown[] = [];
  while (!r.eat(')')) {
    const start = r.i;
    const name = r.name();
    if (name && !name.includes('.') && r.peek() === '=' && r.s[r.i + 1] !== '=') {
      r.i++;
      kwargs[name] = expr(r);
    } else if (r.peek() === '*') {
      throw new PasteError('*args and **kwargs cannot be read: write the arguments out as keywords', r.i);
    } else {
      r.i = start;
      if (Object.keys(kwargs).length > 0) throw new PasteError(`a positional argument after keyword arguments at character ${start + 1}`, start);
      args.push(expr(r));
    }
    if (!r.eat(',')) {
      r.expect(')');
      break;
    }
  }
  return { args, kwargs };
}

/** Reads pasted scheduler arguments; throws a PasteError saying where it could not. */
export function readPastedArgs(text: string): PastedArgs {
  const trimmed = text.trim();
  if (trimmed === '') return { args: [], kwargs: {} };
  if (trimmed.startsWith('{')) {
    try {
      const v: unknown = JSON.parse(trimmed);
      if (isRecord(v)) return { args: [], kwargs: v };
    } catch {
      // not JSON: a Python dict literal
    }
    const r = new Reader(trimmed);
    const v = atom(r);
    if (!r.done()) throw new PasteError(`unexpected text after the dict at character ${r.i + 1}`, r.i);
    if (!isRecord(v)) throw new PasteError('expected a dict of arguments', 0);
    return { args: [], kwargs: v };
  }
  const r = new Reader(trimmed);
  // `name = Callee(...)` or `Callee(...)`
  const m = /^[A-Za-z_]\w*\s*=(?!=)\s*(?=[A-Za-z_][\w.]*\s*\()/.exec(trimmed);
  if (m || /^[A-Za-z_][\w.]*\s*\(/.test(trimmed)) {
    r.i = m ? m[0].length : 0;
    const call = atom(r);
    if (!r.done()) throw new PasteError(`unexpected text after the call at character ${r.i + 1}`, r.i);
    if (call instanceof Call) return { callee: call.callee, args: call.args, kwargs: call.kwargs };
  }
  r.i = 0;
  // bare keyword arguments: `a=1, b=2` (commas or new lines between them)
  const kwargs: Record<string, unknown> = {};
  while (!r.done()) {
    const key = r.name();
    if (!key || !r.eat('=')) throw new PasteError(`expected keyword=value at character ${r.i + 1}`, r.i);
    kwargs[key] = expr(r);
    r.eat(',');
  }
  return { args: [], kwargs };
}

/** Every Expression left in a value, with its path. */
export function expressionsIn(value: unknown, path: Array<string | number> = []): Array<{ path: Array<string | number>; text: string }> {
  if (value instanceof Expression) return [{ path, text: value.text }];
  if (Array.isArray(value)) return value.flatMap((v, i) => expressionsIn(v, [...path, i]));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => expressionsIn(v, [...path, k]));
  return [];
}
