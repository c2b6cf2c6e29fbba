import type { Schedule } from '@cyclr/core';
import type { GraphBuilder } from '../onnx/graph.js';

export interface EmitOptions {
  /**
   * float width of the arithmetic: 'float32' (default; every runtime and execution provider) or
   * 'float64' (CPU and CUDA; the result is then float64 rounded once to float32). Integer parts
   * (local clocks, period and cycle indices, boundaries, noise bits) are int64 in both while the
   * schedule's lengths are whole steps; a fractional length's period index is computed in float64
   * (so it lands on core's steps; CPU and CUDA), positions and epoch clocks in the float width.
   */
  dtype: 'float32' | 'float64';
  /** node-name prefix (for several schedules in one graph) */
  prefix?: string;
  /** largest step the tables of cosineRestarts and tanh with a real multiplier cover, default 2^40 */
  maxStep?: number;
  /**
   * polar-method attempts per normal draw, default 16 (core: 64). The bits are core's; with fewer
   * attempts a value differs from core only when every attempt is rejected: probability
   * (1 - π/4)^attempts per draw (2e-11 for 16). 64 matches core always.
   */
  noiseAttempts?: number;
  /**
   * draws tried for `noise` with a `limit`, default 8 (core: 64): differs from core only when the
   * first `noiseDraws` draws all fall outside the limit.
   */
  noiseDraws?: number;
}

export const FLOAT = 1;
export const DOUBLE = 11;
export const INT64 = 7;

/**
 * A node's time in the graph: `i`, an int64 tensor, while the time is a whole number of steps (the
 * root step, a join part's local clock after an integer start); otherwise only the float tensor
 * `f` in the compute dtype (a fractional start, an epoch clock). `f` is cast from `i` on first use.
 */
export class Time {
  private float: string | undefined;

  constructor(
    private readonly e: Emitter,
    readonly i: string | undefined,
    f?: string,
  ) {
    this.float = f;
  }

  get f(): string {
    this.float ??= this.e.f(this.i as string);
    return this.float;
  }

  /** the time as int64: valid when it is a whole number (a cycle index, an integer clock) */
  get asInt(): string {
    return this.i ?? this.e.op('Cast', [this.e.op('Floor', [this.f])], { to: INT64 });
  }
}

/** The nodes computing one family's values at a time (the dispatch table's entry type). */
export type FamilyEmitter<S> = (e: Emitter, spec: S, t: Time) => string;

/** Graph-building helpers in the compute dtype, with `child` dispatching a child schedule. */
export class Emitter {
  readonly to: number;
  readonly type: 'float' | 'double';
  readonly maxStep: number;
  readonly attempts: number;
  readonly draws: number;

  constructor(
    readonly g: GraphBuilder,
    readonly options: EmitOptions,
    private readonly dispatch: (e: Emitter, spec: Schedule, t: Time) => string,
  ) {
    this.to = options.dtype === 'float64' ? DOUBLE : FLOAT;
    this.type = options.dtype === 'float64' ? 'double' : 'float';
    this.maxStep = options.maxStep ?? 2 ** 40;
    this.attempts = options.noiseAttempts ?? 16;
    this.draws = options.noiseDraws ?? 8;
  }

  /** the value tensor of a child schedule at time `t` */
  child(spec: Schedule, t: Time): string {
    return this.dispatch(this, spec, t);
  }

  /** a Time from an int64 tensor */
  time(i: string): Time {
    return new Time(this, i);
  }

  /** a Time known only as a float tensor */
  floatTime(f: string): Time {
    return new Time(this, undefined, f);
  }

  // ---------------------------------------------------------------- scalars and ops
  c(v: number): string {
    return this.g.constant(v, this.type);
  }
  ci(v: number): string {
    return this.g.constant(v, 'int64');
  }
  op(type: string, inputs: string[], attrs: Record<string, number | number[]> = {}): string {
    return this.g.op(type, inputs, attrs);
  }
  add(a: string, b: string): string {
    return this.op('Add', [a, b]);
  }
  sub(a: string, b: string): string {
    return this.op('Sub', [a, b]);
  }
  mul(a: string, b: string): string {
    return this.op('Mul', [a, b]);
  }
  div(a: string, b: string): string {
    return this.op('Div', [a, b]);
  }
  pow(a: string, b: string): string {
    return this.op('Pow', [a, b]);
  }
  cos(x: string): string {
    return this.op('Cos', [x]);
  }
  where(cond: string, a: string, b: string): string {
    return this.op('Where', [cond, a, b]);
  }
  /**
   * `base^p` for a constant base. In float32 a positive base goes through `exp(p·ln base)` with
   * `ln base` taken in float64: rounding the base itself to float32 would put an error of
   * `p·2^-24` into the result (0.6% at p = 1e5); rounding its logarithm costs only `|p·ln base|·2^-24`.
   */
  powConst(base: number, p: string): string {
    if (this.type === 'float' && base > 0 && base !== 1) return this.op('Exp', [this.mul(p, this.c(Math.log(base)))]);
    return this.pow(this.c(base), p);
  }
  /** int64 → compute float */
  f(t: string): string {
    return this.op('Cast', [t], { to: this.to });
  }
  /** a constant broadcast to the shape of `t` */
  full(v: number, t: Time): string {
    return this.op('Expand', [this.c(v), this.op('Shape', [t.i ?? t.f])]);
  }
  minMax(v: string, min: number | undefined, max: number | undefined): string {
    let out = v;
    if (min !== undefined) out = this.op('Max', [out, this.c(min)]);
    if (max !== undefined) out = this.op('Min', [out, this.c(max)]);
    return out;
  }

  // ---------------------------------------------------------------- time
  private exact(t: Time, ...ns: number[]): t is Time & { i: string } {
    return t.i !== undefined && ns.every((n) => Number.isInteger(n) && Math.abs(n) <= 2 ** 53);
  }
  /** `t < n` */
  lt(t: Time, n: number): string {
    // an integer t is below n exactly when it is below ceil(n)
    if (t.i !== undefined && Number.isFinite(n)) return this.op('Less', [t.i, this.ci(Math.ceil(n))]);
    return this.op('Less', [t.f, this.c(n)]);
  }
  /** `t <= n` */
  le(t: Time, n: number): string {
    if (t.i !== undefined && Number.isFinite(n)) return this.op('LessOrEqual', [t.i, this.ci(Math.floor(n))]);
    return this.op('LessOrEqual', [t.f, this.c(n)]);
  }
  /** `t >= n` */
  ge(t: Time, n: number): string {
    if (t.i !== undefined && Number.isFinite(n)) return this.op('GreaterOrEqual', [t.i, this.ci(Math.ceil(n))]);
    return this.op('GreaterOrEqual', [t.f, this.c(n)]);
  }
  /** `max(t - n, 0)`: the clock of something that starts at `n` */
  shift(t: Time, n: number): Time {
    if (n === 0) return t;
    if (this.exact(t, n)) return this.time(this.op('Max', [this.op('Sub', [t.i, this.ci(n)]), this.ci(0)]));
    return this.floatTime(this.op('Max', [this.sub(t.f, this.c(n)), this.c(0)]));
  }
  /** `min(t, n)` as a float */
  capF(t: Time, n: number): string {
    return this.exact(t, n) ? this.f(this.op('Min', [t.i, this.ci(n)])) : this.op('Min', [t.f, this.c(n)]);
  }
  /**
   * `floor(t / d)` (a whole-number Time). An integer t with a fractional d divides in float64 (as
   * core does), so the boundaries land on the same steps as core's in either compute dtype.
   */
  index(t: Time, d: number): Time {
    if (this.exact(t, d)) return this.time(this.op('Div', [t.i, this.ci(d)]));
    if (t.i !== undefined) {
      const k = this.op('Floor', [this.op('Div', [this.op('Cast', [t.i], { to: DOUBLE }), this.g.constant(d, 'double')])]);
      return this.time(this.op('Cast', [k], { to: INT64 }));
    }
    return this.floatTime(this.op('Floor', [this.div(t.f, this.c(d))]));
  }
  /** `t - floor(t / d)·d`, the position inside a period of length `d` (see `index` for the width) */
  mod(t: Time, d: number): Time {
    if (this.exact(t, d)) return this.time(this.op('Mod', [t.i, this.ci(d)], { fmod: 0 }));
    if (t.i !== undefined) {
      const td = this.op('Cast', [t.i], { to: DOUBLE });
      const k = this.op('Floor', [this.op('Div', [td, this.g.constant(d, 'double')])]);
      const pos = this.op('Max', [this.op('Sub', [td, this.op('Mul', [k, this.g.constant(d, 'double')])]), this.g.constant(0, 'double')]);
      return this.floatTime(this.to === DOUBLE ? pos : this.op('Cast', [pos], { to: this.to }));
    }
    const k = this.index(t, d).f;
    return this.floatTime(this.op('Max', [this.sub(t.f, this.mul(k, this.c(d))), this.c(0)]));
  }
  /** number of the sorted `bounds` that are `<= t` (`strict`: `< t`), as int64 */
  count(t: Time, bounds: readonly number[], strict = false): string {
    if (bounds.length === 0) return this.op('Mul', [this.op('Shape', [t.i ?? t.f]), this.ci(0)]);
    // an integer t passes b (t >= b) exactly when t >= ceil(b), and t > b when t >= floor(b) + 1
    const integral = t.i !== undefined;
    const x = integral ? (t.i as string) : t.f;
    const xx = this.op('Unsqueeze', [x, this.g.constant([-1], 'int64')]);
    const table = integral ? this.g.constant(bounds.map((b) => (strict ? Math.floor(b) + 1 : Math.ceil(b))), 'int64') : this.g.constant(bounds, this.type);
    const hits = this.op('Cast', [this.op(integral || !strict ? 'GreaterOrEqual' : 'Greater', [xx, table])], { to: INT64 });
    return this.op('ReduceSum', [hits, this.g.constant([-1], 'int64')], { keepdims: 0 });
  }
  /** table[k] for an int64 index tensor k */
  gather(table: readonly number[], k: string, type: 'float' | 'double' | 'int64' = this.type): string {
    return this.op('Gather', [this.g.constant(table, type), k], { axis: 0 });
  }
}
