// @cyclr/core/internal — for cyclr's own adapters and tools (the ONNX emitters, the studio): the
// family registry and the pieces of family math a second implementation must reproduce bit for
// bit. Not part of the stable API.
export { FAMILIES, SCHEDULE_TYPES, familyOf, type FamilyTable, type AnyFamily } from './registry.js';
export { defineFamily, defineTools, type Family, type FamilyTools, type LazyTools, type Node, type StepFn, type Report, type CheckContext, type Sugar, type TimeMap } from './base/family.js';
export { toolsOf, TOOL_TYPES, type AnyTools } from './tools-registry.js';
export type { AnyField, FieldTable, ScheduleNode, TimeField, Infer } from './base/fields.js';
export type { SpecFields, FieldValueOf } from './spec.js';
export { childrenOf, walkSchedule } from './analysis/tree.js';
export { nodeHorizon } from './analysis/horizon.js';
export { periodStart, periodAt, periodTable, SNAP } from './base/periods.js';
export { floorDiv, cycleIndex, countAtMost, countBelow } from './base/math.js';
export { uniformAt, normalAt, philox4x32, NORMAL_BOUND } from './base/random.js';
export { NOISY_LINEAR_COSINE_STREAM } from './families/noisy-linear-cosine.js';
export { MAX_NOISE_DRAWS, drawNoise } from './families/noise.js';
export { MAX_VALUE, PROOF_HORIZON, type Interval } from './base/interval.js';
export { MAX_ISSUES, escapeText } from './base/errors.js';
export { describeField, MIN_LENGTH, MAX_SCHEDULE_DEPTH } from './validate/engine.js';
