import { defineFamily, defineTools } from '../base/family.js';
import { list, num, oneOf, optional, position } from '../base/fields.js';
import { spanOf } from '../base/interval.js';
import { after, countAtMost, countBelow } from '../base/math.js';

/**
 * `piecewiseConstant`: constant values between boundaries, with an explicit owner of each boundary.
 *
 * - `values[k]`, k = the number of boundaries passed: with `owner: 'next'` (default; PyTorch,
 *   optax) a boundary is passed when `t >= b`; with `owner: 'previous'` (Keras
 *   PiecewiseConstantDecay) when `t > b`, so the change shows one step later
 *
 * Example: `{ type: 'piecewiseConstant', boundaries: [2], values: [1, 0.1] }` gives 1, 1, 0.1, ...;
 * with `owner: 'previous'`: 1, 1, 1, 0.1, ...
 * Matches optax piecewise_constant_schedule (as values), Keras PiecewiseConstantDecay (`owner: 'previous'`).
 */
export const piecewiseConstantFamily = defineFamily({
  type: 'piecewiseConstant',
  description: 'Constant values between boundary steps, with an explicit owner of each boundary step.',
  fields: {
    boundaries: list('strictly increasing steps at which the value changes', position('a boundary'), { epochs: 'boundaryEpochs' }),
    values: list('boundaries.length + 1 values, one per interval', num('a value'), { minItems: 1 }),
    owner: optional(oneOf("which side owns a boundary step: 'next' (t >= b takes the new value; PyTorch, optax) or 'previous' (t <= b keeps the old one; Keras)", ['next', 'previous']), 'next'),
  },
  check(spec, { report }) {
    const b = spec.boundaries;
    for (let i = 1; i < b.length; i++) {
      if (b[i] <= b[i - 1]) {
        report(['boundaries', i], `boundaries must be strictly increasing: boundaries[${i}] = ${b[i]} comes after ${b[i - 1]}`, b[i], `a step > ${b[i - 1]}`, 'out_of_order');
      }
    }
    if (spec.values.length !== b.length + 1) {
      report(['values'], `values must have boundaries.length + 1 = ${b.length + 1} entries, got ${spec.values.length}`, spec.values, `an array of ${b.length + 1} numbers`, 'wrong_length');
    }
  },
  compile(spec) {
    const boundaries = Float64Array.from(spec.boundaries);
    const values = Float64Array.from(spec.values);
    const n = boundaries.length;
    const [v0, v1, v2, v3] = values;
    const [b0, b1, b2] = boundaries;
    if (spec.owner === 'previous') {
      if (n === 0) return () => v0;
      if (n === 1) return (t) => (t <= b0 ? v0 : v1);
      if (n === 2) return (t) => (t <= b0 ? v0 : t <= b1 ? v1 : v2);
      if (n === 3) return (t) => (t <= b0 ? v0 : t <= b1 ? v1 : t <= b2 ? v2 : v3);
      return (t) => values[countBelow(boundaries, t)];
    }
    if (n === 0) return () => v0;
    if (n === 1) return (t) => (t < b0 ? v0 : v1);
    if (n === 2) return (t) => (t < b0 ? v0 : t < b1 ? v1 : v2);
    if (n === 3) return (t) => (t < b0 ? v0 : t < b1 ? v1 : t < b2 ? v2 : v3);
    return (t) => values[countAtMost(boundaries, t)];
  },
  range: (spec) => spanOf(spec.values),
});

/** piecewiseConstant's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const piecewiseConstantTools = /* @__PURE__ */ defineTools(piecewiseConstantFamily, () => ({
  horizon(spec) {
    const { boundaries, values } = spec;
    for (let i = boundaries.length - 1; i >= 0; i--) {
      if (values[i + 1] !== values[i]) return spec.owner === 'previous' ? after(boundaries[i]) : boundaries[i];
    }
    return 0;
  },
  breakpoints: (spec, limit) => spec.boundaries.map((b) => (spec.owner === 'previous' ? after(b) : b)).filter((b) => b > 0 && b <= limit),
  stretch(spec, a, map, ctx) {
    const previous = spec.owner === 'previous';
    const keep = spec.boundaries.map((b, i) => ({ b, i })).filter(({ b }) => (previous ? b >= a : b > a));
    if (keep.length === 0) return { type: 'constant', value: ctx.compile(spec)(a) };
    const boundaries: number[] = [];
    const values = [spec.values[keep[0].i]];
    for (const { b, i } of keep) {
      const local = b === a ? 0 : Math.max(1, Math.round(map(b) - map(a)));
      // boundaries squeezed onto the same step merge: the later value wins
      if (boundaries.length > 0 && local <= boundaries[boundaries.length - 1]) values[values.length - 1] = spec.values[i + 1];
      else {
        boundaries.push(local);
        values.push(spec.values[i + 1]);
      }
    }
    return { type: 'piecewiseConstant', boundaries, values, ...(spec.owner !== undefined ? { owner: spec.owner } : {}) };
  },
  piecewiseConstant: () => true,
  lint(spec, ctx) {
    const owner = spec.owner ?? 'next';
    if (ctx.importedFrom === 'keras' && owner !== 'previous') {
      ctx.add('boundary-convention', 'warning', "Keras PiecewiseConstantDecay keeps the old value at t == boundary (t <= b); this spec switches at the boundary itself, one step earlier than Keras. Use owner: 'previous' to match Keras.");
    } else if ((ctx.importedFrom === 'pytorch' || ctx.importedFrom === 'optax') && owner === 'previous') {
      ctx.add('boundary-convention', 'warning', `${ctx.importedFrom === 'pytorch' ? 'PyTorch' : 'optax'} switches at t == boundary; owner: 'previous' switches one step later (the Keras rule). Use owner: 'next' to match.`);
    }
  },
}));
