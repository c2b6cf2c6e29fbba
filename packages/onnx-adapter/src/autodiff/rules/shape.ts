import { attrInt, attrInts, attrString } from '../ir.js';
import { sliceRange } from '../shapes.js';
import type { GradContext, OpGradient } from '../reverse.js';

// Ops that move elements without changing them: the gradient moves them back.

const reshapeBack = (c: GradContext) => [c.g.op('Reshape', [c.dy(0)!, c.shapeOf(c.x(0))])];
const normAxis = (a: number, rank: number) => (a < 0 ? a + rank : a);

/** zeros with the dims of a forward value */
function zerosLike(c: GradContext, name: string): string {
  return c.g.op('ConstantOfShape', [c.shapeOf(name)], { value: { tensor: { type: 'float', dims: [1], data: new Float32Array(1) } } });
}

function concat(c: GradContext): Array<string | undefined> {
  const { g, node } = c;
  const rank = c.dims(c.y(0)).length;
  const axis = normAxis(attrInt(node, 'axis', 0), rank);
  const sizes = node.inputs.map((x) => c.dims(x)[axis]);
  const split = sizes.every((s) => typeof s === 'number')
    ? c.ints(sizes as number[])
    : g.op('Concat', node.inputs.map((x) => g.op('Gather', [g.op('Shape', [x]), c.ints([axis])], { axis: 0 })), { axis: 0 });
  return g.opN('Split', [c.dy(0)!, split], node.inputs.length, { axis }).map((d, i) => (c.wants(i) ? d : undefined));
}

function split(c: GradContext): Array<string | undefined> {
  const { g, node } = c;
  const rank = c.dims(c.x(0)).length;
  const axis = normAxis(attrInt(node, 'axis', 0), rank);
  const parts = node.outputs.map((y, k) => c.dy(k) ?? zerosLike(c, y));
  return [g.op('Concat', parts, { axis })];
}

function slice(c: GradContext): Array<string | undefined> {
  const { g } = c;
  const x = c.x(0);
  const dims = c.dims(x);
  const rank = dims.length;
  const starts = c.staticValue(1, 'starts');
  const ends = c.staticValue(2, 'ends');
  const axes = (c.node.inputs[3] ?? '') !== '' ? c.staticValue(3, 'axes').map((a) => normAxis(a, rank)) : starts.map((_, i) => i);
  const steps = (c.node.inputs[4] ?? '') !== '' ? c.staticValue(4, 'steps') : starts.map(() => 1);
  const pads = new Array<number>(2 * rank).fill(0);
  axes.forEach((a, k) => {
    if (steps[k] !== 1) c.fail(`a Slice with step ${steps[k]} has no gradient here (step 1 only)`);
    const d = dims[a];
    if (typeof d !== 'number') {
      if (starts[k] === 0 && ends[k] >= 2 ** 31 - 1) return;
      c.fail(`slicing the run-time size ${d} has no gradient here`);
    }
    const [b, e] = sliceRange(starts[k], ends[k], 1, d as number);
    pads[a] = b;
    pads[a + rank] = (d as number) - Math.max(b, e);
  });
  return [g.op('Pad', [c.dy(0)!, c.ints(pads)])];
}

function pad(c: GradContext): Array<string | undefined> {
  const mode = attrString(c.node, 'mode', 'constant');
  if (mode !== 'constant') c.fail(`Pad mode "${mode}" has no gradient here (constant only)`);
  const rank = c.dims(c.x(0)).length;
  const pads = c.staticValue(1, 'pads');
  const axes = (c.node.inputs[3] ?? '') !== '' ? c.staticValue(3, 'axes').map((a) => normAxis(a, rank)) : Array.from({ length: rank }, (_, i) => i);
  if (pads.some((p) => p < 0)) c.fail('a Pad with negative pads (cropping) has no gradient here');
  const starts = axes.map((_, k) => pads[k]);
  const ends = axes.map((_, k) => (pads[k + axes.length] > 0 ? -pads[k + axes.length] : 2 ** 62));
  return [c.g.op('Slice', [c.dy(0)!, c.ints(starts), c.ints(ends), c.ints(axes)])];
}

// y = data gathered along `axis` at `indices`: the gradient is scattered back (ScatterND with
// reduction 'add', so repeated indices sum), with the axis moved to the front.
function gather(c: GradContext): Array<string | undefined> {
  const { g } = c;
  const data = c.x(0);
  const dd = c.staticDims(data, 'the gathered tensor');
  const rank = dd.length;
  const axis = normAxis(attrInt(c.node, 'axis', 0), rank);
  const idxRank = c.dims(c.x(1)).length;
  const raw = g.op('Cast', [c.x(1)], { to: 7 });
  const idx = g.op('Where', [g.op('Less', [raw, g.constant(0, 'int64')]), g.op('Add', [raw, g.constant(dd[axis], 'int64')]), raw]);
  let dy = c.dy(0)!;
  const perm = [axis, ...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis)];
  if (axis !== 0) {
    // dy: [pre..., idx..., post...] → [idx..., pre..., post...]
    const dyRank = rank - 1 + idxRank;
    const order = [...Array.from({ length: idxRank }, (_, i) => axis + i), ...Array.from({ length: axis }, (_, i) => i), ...Array.from({ length: dyRank - axis - idxRank }, (_, i) => axis + idxRank + i)];
    dy = g.op('Transpose', [dy], { perm: order });
  }
  const moved = perm.map((p) => dd[p]);
  const zeros = g.op('ConstantOfShape', [c.ints(moved)], { value: { tensor: { type: 'float', dims: [1], data: new Float32Array(1) } } });
  let grad = g.op('ScatterND', [zeros, g.op('Unsqueeze', [idx, c.ints([-1])]), dy], { reduction: 'add' });
  if (axis !== 0) grad = g.op('Transpose', [grad], { perm: perm.map((_, i) => perm.indexOf(i)) });
  return [grad, undefined];
}

function gatherElements(c: GradContext): Array<string | undefined> {
  const { g } = c;
  const rank = c.dims(c.x(0)).length;
  const axis = normAxis(attrInt(c.node, 'axis', 0), rank);
  return [g.op('ScatterElements', [zerosLike(c, c.x(0)), c.x(1), c.dy(0)!], { axis, reduction: 'add' }), undefined];
}

export const shape: Record<string, OpGradient> = {
  Reshape: { rule: reshapeBack, nondiff: [1], nondiffWhat: 'the shape' },
  Flatten: { rule: reshapeBack },
  Squeeze: { rule: reshapeBack, nondiff: [1], nondiffWhat: 'the axes' },
  Unsqueeze: { rule: reshapeBack, nondiff: [1], nondiffWhat: 'the axes' },
  Transpose: {
    rule: (c) => {
      const rank = c.dims(c.x(0)).length;
      const perm = attrInts(c.node, 'perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
      return [c.g.op('Transpose', [c.dy(0)!], { perm: perm.map((_, i) => perm.indexOf(i)) })];
    },
  },
  Expand: { rule: (c) => [c.unbroadcast(c.dy(0)!, c.y(0), c.x(0))], nondiff: [1], nondiffWhat: 'the shape' },
  Concat: { rule: concat },
  Split: { rule: split, nondiff: [1], nondiffWhat: 'the split sizes' },
  Slice: { rule: slice, nondiff: [1, 2, 3, 4], nondiffWhat: 'a slice bound' },
  Pad: { rule: pad, nondiff: [1, 2, 3], nondiffWhat: 'the pads or the padding value' },
  Gather: { rule: gather, nondiff: [1], nondiffWhat: 'the indices' },
  GatherElements: { rule: gatherElements, nondiff: [1], nondiffWhat: 'the indices' },
};
