import type { OpGradient } from '../reverse.js';
import { convolution } from './conv.js';
import { elementwise } from './elementwise.js';
import { linear } from './linear.js';
import { reductions } from './reduce.js';
import { shape } from './shape.js';

/** The gradient rule of every differentiable op, by op type. */
export const GRADIENTS: Readonly<Record<string, OpGradient>> = { ...elementwise, ...linear, ...shape, ...reductions, ...convolution };

/**
 * Ops whose outputs carry no gradient even when an input depends on a parameter: comparisons,
 * index and shape ops, and piecewise-constant functions (zero gradient almost everywhere, as in
 * PyTorch).
 */
export const ZERO_GRADIENT_OPS: ReadonlySet<string> = new Set([
  'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual', 'Not', 'And', 'Or', 'Xor',
  'ArgMax', 'ArgMin', 'Shape', 'Size', 'Floor', 'Ceil', 'Round', 'Sign', 'OneHot', 'ConstantOfShape', 'Range',
]);
