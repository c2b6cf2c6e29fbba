import type { StepFn } from '../base/family.js';
import type { ScheduleNode } from '../base/fields.js';
import { familyOf } from '../registry.js';

const COMPILED = Symbol('cyclr.compiled');

type Sealed = { readonly [COMPILED]?: StepFn };

/** The compiled function a sealed spec node carries, or undefined for an ordinary object. */
export function compiledOf(spec: unknown): StepFn | undefined {
  return typeof spec === 'object' && spec !== null ? (spec as Sealed)[COMPILED] : undefined;
}

/**
 * Compiles a validated tree (the family formulas, children first), each distinct node once: a
 * node shared by several parents gets one function. Sealed nodes reuse the function they carry.
 */
export function compileTree(root: ScheduleNode, memo: Map<object, StepFn> = new Map()): StepFn {
  const compileNode = (node: ScheduleNode): StepFn => {
    const known = memo.get(node) ?? compiledOf(node);
    if (known !== undefined) return known;
    const family = familyOf(node.type);
    if (family === undefined) throw new TypeError(`unknown schedule type ${JSON.stringify(node.type)} (validate the spec first)`);
    const fn = family.compile(node as never, compileNode);
    memo.set(node, fn);
    return fn;
  };
  return compileNode(root);
}

/**
 * Seals a validated snapshot: every schedule node in `compiled` carries its function, then the
 * whole tree is frozen. A frozen spec cannot change, so its function cannot go stale; a copy
 * (`{ ...spec }`, a JSON round trip) is an ordinary, editable, unsealed spec.
 */
export function sealTree<T>(root: T, compiled: ReadonlyMap<object, StepFn>): T {
  for (const [node, fn] of compiled) {
    if (!Object.isFrozen(node) && !Object.prototype.hasOwnProperty.call(node, COMPILED)) {
      Object.defineProperty(node, COMPILED, { value: fn, enumerable: false });
    }
  }
  freezeTree(root);
  return root;
}

function freezeTree(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) freezeTree(v);
}
