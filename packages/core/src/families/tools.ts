// Every family's tools (analysis hooks, builder sugar), one line per family as in index.ts; the
// capability test fails for a family listed in one file and not the other.
export { constantTools } from './constant.js';
export { linearTools } from './linear.js';
export { polynomialTools } from './polynomial.js';
export { exponentialTools } from './exponential.js';
export { inverseTimeTools } from './inverse-time.js';
export { inverseSqrtTools } from './inverse-sqrt.js';
export { stepDecayTools } from './step-decay.js';
export { multiStepTools } from './multi-step.js';
export { piecewiseConstantTools } from './piecewise-constant.js';
export { piecewiseLinearTools } from './piecewise-linear.js';
export { cosineTools } from './cosine.js';
export { cosineRestartsTools } from './cosine-restarts.js';
export { tanhTools } from './tanh.js';
export { linearCosineTools } from './linear-cosine.js';
export { noisyLinearCosineTools } from './noisy-linear-cosine.js';
export { warmupStableDecayTools } from './warmup-stable-decay.js';
export { cyclicTools } from './cyclic.js';
export { oneCycleTools } from './one-cycle.js';
export { joinTools } from './join.js';
export { warmupTools } from './warmup.js';
export { multiplyTools } from './multiply.js';
export { scaleTools } from './scale.js';
export { clampTools } from './clamp.js';
export { repeatTools } from './repeat.js';
export { noiseTools } from './noise.js';
export { epochsTools } from './epochs.js';
