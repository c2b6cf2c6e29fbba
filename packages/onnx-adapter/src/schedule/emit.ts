import type { Schedule } from '@cyclr/core';
import type { GraphBuilder } from '../onnx/graph.js';
import { EMITTERS } from './emitters.js';
import { Emitter, FLOAT, type EmitOptions, type FamilyEmitter, type Time } from './ops.js';

export type { EmitOptions } from './ops.js';

function dispatch(e: Emitter, spec: Schedule, t: Time): string {
  const emitter = (EMITTERS as Record<string, FamilyEmitter<Schedule> | undefined>)[spec.type];
  if (emitter === undefined) throw new TypeError(`emitSchedule: unknown schedule type ${JSON.stringify(spec.type)} (validate the spec with parseSchedule first)`);
  return emitter(e, spec, t);
}

/**
 * Emits the nodes computing `spec` at the int64 tensor `step` (any shape) into `g`; returns the name
 * of the float32 value tensor (same shape as `step`). Steps are non-negative integers (the counter a
 * host feeds). The spec must be valid (`parseSchedule`).
 */
export function emitSchedule(g: GraphBuilder, spec: Schedule, step: string, options: EmitOptions): string {
  const e = new Emitter(g, options, dispatch);
  const v = e.child(spec, e.time(step));
  return options.dtype === 'float64' ? g.op('Cast', [v], { to: FLOAT }) : v;
}
