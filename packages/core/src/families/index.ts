// The families, one per file. Adding a family: write its file (and its test), export its Family
// here and its Tools in tools.ts, give it an ONNX emitter (packages/onnx-adapter: the compiler asks
// for it) and a builder line in builders.ts. The registry and every capability pick it up from here.
export { constantFamily } from './constant.js';
export { linearFamily } from './linear.js';
export { polynomialFamily } from './polynomial.js';
export { exponentialFamily } from './exponential.js';
export { inverseTimeFamily } from './inverse-time.js';
export { inverseSqrtFamily } from './inverse-sqrt.js';
export { stepDecayFamily } from './step-decay.js';
export { multiStepFamily } from './multi-step.js';
export { piecewiseConstantFamily } from './piecewise-constant.js';
export { piecewiseLinearFamily } from './piecewise-linear.js';
export { cosineFamily } from './cosine.js';
export { cosineRestartsFamily } from './cosine-restarts.js';
export { tanhFamily } from './tanh.js';
export { linearCosineFamily } from './linear-cosine.js';
export { noisyLinearCosineFamily } from './noisy-linear-cosine.js';
export { warmupStableDecayFamily } from './warmup-stable-decay.js';
export { cyclicFamily } from './cyclic.js';
export { oneCycleFamily } from './one-cycle.js';
export { joinFamily } from './join.js';
export { warmupFamily } from './warmup.js';
export { multiplyFamily } from './multiply.js';
export { scaleFamily } from './scale.js';
export { clampFamily } from './clamp.js';
export { repeatFamily } from './repeat.js';
export { noiseFamily } from './noise.js';
export { epochsFamily } from './epochs.js';
