// @cyclr/tfjs-adapter/wasm — for tfjs's wasm backend only: the training kernels it lacks. A
// separate entry, so that bundles for the other backends (WebGL, WebGPU, cpu) leave them out.
export { registerWasmTrainingKernels, unregisterWasmTrainingKernels, type WasmTrainingKernelOptions, type TfKernelRegistry, type ConvInfo } from './wasm-kernels.js';
