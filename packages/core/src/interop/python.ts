/**
 * cyclr's closed form in Python: one `def` per node of a schedule, transliterated from each
 * family's `compile` (the same operations in the same order, on Python floats), for the code
 * exporters (`toTorch`, `toOptax`). Python's `math` and `**` may differ from V8's by an ulp; the
 * exporters' fixtures measure the whole difference against `valueAt`.
 *
 * A typed table `{ [K in ScheduleType]: ... }`: the compiler asks for every family. Families whose
 * values come from cyclr's seeded generator (`noise`, `noisyLinearCosine`) are `not_expressible`.
 */
import type { SpecPath } from '../base/errors.js';
import type { Schedule, ScheduleType, SpecOf } from '../spec.js';
import { fail } from './kwargs.js';

/** A Python float literal that reads back as the same float64 (JavaScript's shortest form is Python's repr). */
export function py(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (!Number.isFinite(x)) return x > 0 ? 'math.inf' : '-math.inf';
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

const list = (xs: readonly number[]) => `[${xs.map(py).join(', ')}]`;

/** Helpers the emitted functions share (each emitted once, when used). */
const HELPERS: Readonly<Record<string, string[]>> = {
  pow: [
    'def _pow(a, b):',
    '    """Math.pow of JavaScript: inf on overflow, nan where Python would raise."""',
    '    try:',
    '        return math.pow(a, b)',
    '    except OverflowError:',
    '        return -math.inf if a < 0 and float(b).is_integer() and int(b) % 2 == 1 else math.inf',
    '    except ValueError:',
    '        return math.nan',
  ],
  cycleIndex: [
    'def _cycle_index(t, total):',
    '    """floor(t / total) with 0 <= t - k*total < total in floats (cyclr base/math.ts cycleIndex)."""',
    '    inverse = 1 / total',
    '    c = math.floor(t * inverse)',
    '    pos = t - c * total',
    '    for _ in range(4):',
    '        if pos >= 0:',
    '            break',
    '        c -= 1',
    '        pos += total',
    '    for _ in range(4):',
    '        if pos < total:',
    '            break',
    '        c += 1',
    '        pos -= total',
    '    return c',
  ],
  periods: [
    '_SNAP = 4 * 2.220446049250313e-16',
    '',
    '',
    'def _period_start(i, length, m, ln_m):',
    '    """Start of period i of growing periods (cyclr base/periods.ts periodStart)."""',
    '    if m == 1:',
    '        return i * length',
    '    if float(m).is_integer():',
    '        p = m ** i',
    '        if p <= 2 ** 53:',
    '            return length * ((p - 1) / (m - 1))',
    '        if i > 64:',
    '            return length * ((p - 1) / (m - 1))',
    '        s = 0',
    '        for _ in range(i):',
    '            s = s * m + 1',
    '        return length * s',
    '    return length * (math.expm1(i * ln_m) / (m - 1))',
    '',
    '',
    'def _period_at(t, length, m, ln_m):',
    '    """(index, offset, length) of the period holding t (cyclr base/periods.ts periodAt)."""',
    '    if m == 1:',
    '        u = math.fmod(t, length)',
    '        index = round((t - u) / length)',
    '        if length - u <= _SNAP * t and not float(length).is_integer():',
    '            index, u = index + 1, 0.0',
    '        return index, u, length',
    '    y = (t / length) * (m - 1)',
    '    i = math.floor(math.log1p(y) / ln_m if y < 1e300 else (math.log(t / length) + math.log(m - 1)) / ln_m)',
    '    s0 = _period_start(i, length, m, ln_m)',
    '    s1 = _period_start(i + 1, length, m, ln_m)',
    '    for _ in range(4):',
    '        if not (i > 0 and s0 > t):',
    '            break',
    '        i, s1 = i - 1, s0',
    '        s0 = _period_start(i, length, m, ln_m)',
    '    for _ in range(4):',
    '        if not s1 <= t:',
    '            break',
    '        i, s0 = i + 1, s1',
    '        s1 = _period_start(i + 1, length, m, ln_m)',
    '    u, n = t - s0, s1 - s0',
    '    if not (0 <= u < n < math.inf):',
    '        u, n = 0.0, 1.0',
    '    return i, u, n',
  ],
};

interface Out {
  defs: string[][];
  helpers: Set<string>;
  count: number;
}

type Emit<K extends ScheduleType> = (spec: SpecOf<K>, child: (s: Schedule, p: SpecPath) => string, out: Out, path: SpecPath) => string[];

function cannot(path: SpecPath, message: string, received: unknown): never {
  return fail('not_expressible', path, message, received, 'a schedule with a Python closed form');
}

/** The body of each family's `def`, in terms of `t` (a real time on the node's clock). */
const BODIES: { [K in ScheduleType]: Emit<K> } = {
  constant: (s) => [`return ${py(s.value)}`],
  linear: (s) => [`return ${py(s.to)} if t >= ${py(s.steps)} else ${py(s.from)} + ${py(s.to - s.from)} * (t / ${py(s.steps)})`],
  polynomial(s) {
    const power = s.power ?? 1;
    const range = py(s.from - s.to);
    const to = py(s.to);
    const steps = py(s.steps);
    if (s.after === 'cycle') return [`h = ${steps} * (1 if t == 0 else math.ceil(t / ${steps}))`, `return ${range} * _pow(max(0.0, 1 - t / h), ${py(power)}) + ${to}`];
    if (power === 1) return [`return ${to} if t >= ${steps} else ${range} * (1 - t / ${steps}) + ${to}`];
    return [`return ${to} if t >= ${steps} else ${range} * _pow(1 - t / ${steps}, ${py(power)}) + ${to}`];
  },
  exponential(s) {
    const steps = s.steps ?? 1;
    const lo = s.min ?? -Infinity;
    const hi = s.max ?? Infinity;
    if (s.from === 0) return [`return ${py(0 < lo ? lo : 0 > hi ? hi : 0)}`];
    const p = s.staircase ? `math.floor(t / ${py(steps)})` : steps === 1 ? 't' : `t / ${py(steps)}`;
    const v = `${py(s.from)} * _pow(${py(s.decay)}, ${p})`;
    if (s.min === undefined && s.max === undefined) return [`return ${v}`];
    return [`v = ${v}`, `return ${py(lo)} if v < ${py(lo)} else ${py(hi)} if v > ${py(hi)} else v`];
  },
  inverseTime(s) {
    const steps = py(s.steps ?? 1);
    return [`return ${py(s.from)} / (1 + ${py(s.rate)} * ${s.staircase ? `math.floor(t / ${steps})` : `(t / ${steps})`})`];
  },
  inverseSqrt(s) {
    const w = s.warmupSteps ?? 0;
    const ts = s.timescale ?? (w || 10_000);
    return [`if t < ${py(w)}:`, `    return ${py(s.peak)} * (t / ${py(w)})`, `return ${py(s.peak)} * (1 / math.sqrt(max(1.0, (t + ${py(ts - w)}) / ${py(ts)})))`];
  },
  stepDecay: (s) => (s.from === 0 ? ['return 0.0'] : [`return ${py(s.from)} * _pow(${py(s.decay)}, t // ${py(s.steps)})`]),
  multiStep(s) {
    const values = Array.from({ length: s.milestones.length + 1 }, (_, k) => s.from * Math.pow(s.decay, k));
    return [`return ${list(values)}[bisect.bisect_right(${list(s.milestones)}, t)]`];
  },
  piecewiseConstant: (s) => [`return ${list(s.values)}[bisect.${s.owner === 'previous' ? 'bisect_left' : 'bisect_right'}(${list(s.boundaries)}, t)]`],
  piecewiseLinear(s) {
    const steps = s.points.map((p) => p.step);
    const values = s.points.map((p) => p.value);
    return [
      `steps = ${list(steps)}`,
      `values = ${list(values)}`,
      'if t < steps[0]:',
      '    return values[0]',
      'if t >= steps[-1]:',
      '    return values[-1]',
      'i = bisect.bisect_right(steps, t) - 1',
      'a = values[i]',
      'return a + (values[i + 1] - a) * ((t - steps[i]) / (steps[i + 1] - steps[i]))',
    ];
  },
  cosine(s) {
    const power = s.power ?? 1;
    const [from, to, steps, range] = [py(s.from), py(s.to), py(s.steps), py(s.from - s.to)];
    const at = (u: string) => (power === 1 ? `${to} + (${range} * (1 + math.cos((math.pi * ${u}) / ${steps}))) / 2` : `${to} + ${range} * _pow((1 + math.cos((math.pi * ${u}) / ${steps})) / 2, ${py(power)})`);
    if (s.after === 'continue') return [`u = t if t < ${steps} else math.fmod(t, ${py(2 * s.steps)})`, `return ${from} if u == 0 else ${at('u')}`];
    return [`if t >= ${steps}:`, `    return ${to}`, `return ${from} if t == 0 else ${at('t')}`];
  },
  cosineRestarts(s, _c, out) {
    out.helpers.add('periods');
    const m = s.periodMultiplier ?? 1;
    const k = s.kDecay ?? 1;
    const decay = s.decay ?? 1;
    const limit = s.cycleLimit === undefined ? 'math.inf' : String(s.cycleLimit);
    const c = k === 1 ? '1 + math.cos((math.pi * u) / n)' : `1 + math.cos(math.pi * _pow(u / n, ${py(k)}))`;
    const value = s.decayTarget === 'peak'
      ? `${py(s.to)} + 0.5 * (${py(s.from)} * _pow(${py(decay)}, i) - ${py(s.to)}) * c`
      : `${py(s.to)} + (${py(s.from - s.to)} * _pow(${py(decay)}, i) * c) / 2`;
    return [`i, u, n = _period_at(t, ${py(s.steps)}, ${py(m)}, ${py(Math.log1p(m - 1))})`, `if i >= ${limit}:`, `    return ${py(s.to)}`, `c = ${c}`, `return ${value}`];
  },
  tanh(s, _c, out) {
    out.helpers.add('periods');
    const m = s.periodMultiplier ?? 1;
    const [lower, upper] = [s.lower ?? -7, s.upper ?? 3];
    return [
      `i, u, n = _period_at(t, ${py(s.steps)}, ${py(m)}, ${py(Math.log1p(m - 1))})`,
      `if i >= ${s.cycleLimit ?? 1}:`,
      `    return ${py(s.to)}`,
      'r = u / n',
      `return ${py(s.to)} + 0.5 * (${py(s.from)} * _pow(${py(s.decay ?? 1)}, i) - ${py(s.to)}) * (1 - math.tanh(${py(lower)} * (1 - r) + ${py(upper)} * r))`,
    ];
  },
  linearCosine(s) {
    const [from, steps] = [py(s.from), py(s.steps)];
    return [`u = t if t < ${steps} else ${steps}`, `return ${from} * ((${py(s.alpha ?? 0)} + (${steps} - u) / ${steps}) * (0.5 * (1 + math.cos(math.pi * (${py(2 * (s.cycles ?? 0.5))} * (u / ${steps}))))) + ${py(s.beta ?? 0.001)})`];
  },
  noisyLinearCosine: (_s, _c, _o, path) => cannot([...path, 'type'], "noisyLinearCosine draws from cyclr's seeded generator, which the Python export does not reproduce", 'noisyLinearCosine'),
  warmupStableDecay(s) {
    const [w, d] = [s.warmupSteps, s.decaySteps];
    const from = s.from ?? 0;
    const to = s.to ?? 0;
    const stableEnd = w + s.stableSteps;
    const shape = (kind: string, p: string, warm: boolean) => kind === 'linear' ? (warm ? p : `(1 - ${p})`)
      : kind === 'cosine' ? (warm ? `0.5 * (1 - math.cos(math.pi * ${p}))` : `0.5 * (1 + math.cos(math.pi * ${py(s.cycles ?? 0.5)} * 2 * ${p}))`)
      : warm ? `(1 - math.sqrt(1 - ${p}))` : `(1 - math.sqrt(${p}))`;
    return [
      `if t < ${py(w)}:`,
      `    return ${py(from)} + ${py(s.peak - from)} * ${shape(s.warmupShape ?? 'linear', `(t / ${py(w)})`, true)}`,
      `if t < ${py(stableEnd)}:`,
      `    return ${py(s.peak)}`,
      `if t < ${py(stableEnd + d)}:`,
      `    return ${py(to)} + ${py(s.peak - to)} * ${shape(s.decayShape ?? 'cosine', `((t - ${py(stableEnd)}) / ${py(d)})`, false)}`,
      `return ${py(to)}`,
    ];
  },
  cyclic(s, child, out, path) {
    out.helpers.add('cycleIndex');
    const up = s.upSteps;
    const down = s.downSteps ?? up;
    const total = up + down;
    const mode = s.mode ?? 'triangular';
    const lines = [`index = _cycle_index(t, ${py(total)})`, `pos = max(0.0, t - index * ${py(total)})`, `sf = pos / ${py(up)} if pos <= ${py(up)} else (${py(total)} - pos) / ${py(down)}`];
    if (s.shape === 'cosine') lines.push('sf = (1 - math.cos(math.pi * sf)) / 2');
    let scale = '1';
    if (s.amplitude !== undefined) scale = `${child(s.amplitude.schedule, [...path, 'amplitude', 'schedule'])}(${s.amplitude.by === 'cycle' ? 'index' : 't'})`;
    else if (mode === 'triangular2') scale = '1 / _pow(2, index)';
    else if (mode === 'expRange') scale = `_pow(${py(s.decay ?? 1)}, t)`;
    lines.push(`return ${py(s.from)} + ${py(s.peak - s.from)} * sf${scale === '1' ? '' : ` * ${scale}`}`);
    return lines;
  },
  oneCycle(s) {
    // phasesOf and compilePhases of families/one-cycle.ts, then its rule past the end
    const T = s.steps;
    const pct = s.pctStart ?? 0.3;
    const optax = s.peakAt === 'optax';
    const three = s.threePhase === true;
    const ends = optax
      ? three ? [Math.floor(pct * T), Math.floor((s.pctEnd ?? 0.85) * T), T] : [Math.floor(pct * T), T]
      : three ? [pct * T - 1, 2 * pct * T - 2, T - 1] : [pct * T - 1, T - 1];
    const [initial, peak, final] = [s.from, s.peak, s.to];
    const to2 = three ? initial : final;
    const [e1, e2] = ends;
    const e3 = three ? ends[2] : e2;
    const [len2, len3] = [e2 - e1, e3 - e2];
    const lt = (e: number) => (optax ? `t < ${py(e)}` : `t <= ${py(e)}`);
    const body: string[] = [];
    if (s.shape === 'linear') {
      body.push(`if ${lt(e1)}:`, `    return ${py(peak - initial)} * (t / ${py(e1)}) + ${py(initial)}`);
      if (three) body.push(`if ${lt(e2)}:`, `    return ${py(to2 - peak)} * ((t - ${py(e1)}) / ${py(len2)}) + ${py(peak)}`, `return ${py(final - initial)} * ((t - ${py(e2)}) / ${py(len3)}) + ${py(initial)}`);
      else body.push(`return ${py(to2 - peak)} * ((t - ${py(e1)}) / ${py(len2)}) + ${py(peak)}`);
    } else {
      const [h1, h2, h3] = [(initial - peak) / 2, (peak - to2) / 2, (initial - final) / 2];
      body.push(`if ${lt(e1)}:`, `    return ${py(peak)} + ${py(h1)} * (math.cos(math.pi * (t / ${py(e1)})) + 1)`);
      if (three) {
        body.push(`if ${lt(e2)}:`, `    return ${py(to2)} + ${py(h2)} * (math.cos(math.pi * ((t - ${py(e1)}) / ${py(len2)})) + 1)`);
        body.push(`return ${py(final)} if t == ${py(e3)} else ${py(final)} + ${py(h3)} * (math.cos(math.pi * ((t - ${py(e2)}) / ${py(len3)})) + 1)`);
      } else body.push(`return ${py(final)} if t == ${py(e2)} else ${py(to2)} + ${py(h2)} * (math.cos(math.pi * ((t - ${py(e1)}) / ${py(len2)})) + 1)`);
    }
    const phases = ['def phases(t):', ...body.map((l) => `    ${l}`)];
    if (s.after === 'continue') return [...phases, 'return phases(t)'];
    if (optax) return [...phases, `return ${py(final)} if t >= ${py(T)} else phases(t)`];
    return [...phases, `return phases(${py(T - 1)}) if t >= ${py(T - 1)} else phases(t)`];
  },
  join(s, child, _o, path) {
    const starts: number[] = [];
    let at = 0;
    for (const p of s.parts) {
      starts.push(at);
      at += p.steps ?? 0;
    }
    const fns = s.parts.map((p, i) => child(p.schedule, [...path, 'parts', i, 'schedule']));
    if (fns.length === 1) return [`return ${fns[0]}(t)`];
    return [`starts = ${list(starts)}`, `i = bisect.bisect_right(starts, t) - 1`, `return (${fns.join(', ')})[i](t - starts[i])`];
  },
  warmup(s, child, _o, path) {
    const inner = child(s.schedule, [...path, 'schedule']);
    const fromStart = s.clock === 'fromStart';
    const after = fromStart ? `${inner}(t)` : `${inner}(t - ${py(s.steps)})`;
    const target = `${inner}(${fromStart ? py(s.steps) : '0.0'})`;
    const during = s.shape === 'constant' ? py(s.from) : s.shape === 'exponential' ? `${py(s.from)} * _pow(${target} / ${py(s.from)}, t / ${py(s.steps)})` : `${py(s.from)} + (${target} - ${py(s.from)}) * (t / ${py(s.steps)})`;
    return [`if t < ${py(s.steps)}:`, `    return ${during}`, `return ${after}`];
  },
  multiply(s, child, _o, path) {
    const fns = s.factors.map((f, i) => child(f, [...path, 'factors', i]));
    return [`v = ${fns[0]}(t)`, ...fns.slice(1).map((f) => `v *= ${f}(t)`), 'return v'];
  },
  scale: (s, child, _o, path) => [`return ${child(s.schedule, [...path, 'schedule'])}(t) * ${py(s.factor ?? 1)} + ${py(s.offset ?? 0)}`],
  clamp(s, child, _o, path) {
    const [lo, hi] = [py(s.min ?? -Infinity), py(s.max ?? Infinity)];
    return [`v = ${child(s.schedule, [...path, 'schedule'])}(t)`, `return ${lo} if v < ${lo} else ${hi} if v > ${hi} else v`];
  },
  repeat(s, child, out, path) {
    out.helpers.add('cycleIndex');
    const inner = child(s.schedule, [...path, 'schedule']);
    const decay = s.decay ?? 1;
    return [`k = _cycle_index(t, ${py(s.steps)})`, `v = ${inner}(max(0.0, t - k * ${py(s.steps)}))`, decay === 1 ? 'return v' : `return v * _pow(${py(decay)}, k)`];
  },
  noise: (_s, _c, _o, path) => cannot([...path, 'type'], "noise draws from cyclr's seeded generator (Philox), which the Python export does not reproduce; export the schedule inside it", 'noise'),
  epochs(s, child, out, path) {
    out.helpers.add('cycleIndex');
    const inner = child(s.schedule, [...path, 'schedule']);
    const n = py(s.stepsPerEpoch);
    if (s.within === 'fraction') return [`k = _cycle_index(t, ${n})`, `return ${inner}(k + max(0.0, t - k * ${n}) / ${n})`];
    if (Number.isInteger(s.stepsPerEpoch)) return [`return ${inner}(float(math.floor(t / ${n})))`];
    return [`return ${inner}(float(_cycle_index(t, ${n})))`];
  },
};

/**
 * Python source for `name(t)`: the schedule's value at step `t`, with every helper it needs.
 * Throws a ScheduleSpecError (`not_expressible`, with the path) for a family without a Python form.
 */
export function pythonSchedule(spec: Schedule, name: string, path: SpecPath = []): { helpers: string[]; code: string[] } {
  const out: Out = { defs: [], helpers: new Set(), count: 0 };
  const emit = (s: Schedule, p: SpecPath): string => {
    const fn = `_${name}_${out.count++}`;
    const body = (BODIES[s.type] as Emit<ScheduleType>)(s as never, emit, out, p);
    out.defs.push([`def ${fn}(t):`, ...body.map((l) => `    ${l}`)]);
    return fn;
  };
  const root = emit(spec, path);
  const code: string[] = [];
  for (const d of out.defs.reverse()) code.push(...d, '', '');
  code.push(`def ${name}(t):`, `    """cyclr's value at step t (the count of completed updates)."""`, `    return float(${root}(t))`);
  const helpers: string[] = [];
  for (const h of ['pow', 'cycleIndex', 'periods']) if (h === 'pow' || out.helpers.has(h)) helpers.push(...HELPERS[h], '', '');
  return { helpers, code };
}
