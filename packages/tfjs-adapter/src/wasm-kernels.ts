/**
 * Training kernels for the wasm backend of tfjs 4.x, built only from kernels it has (XNNPACK's
 * Conv2D and BatchMatMul among them). `registerWasmTrainingKernels(tf)` installs:
 *
 * - **Conv2DBackpropFilter**, which the wasm backend lacks (without it a model with a Conv2D
 *   layer cannot train: "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"):
 *
 *     dW[kh, kw, ci, co] = Σ_b,i,j x[b, i·s + kh, j·s + kw, ci] · dy[b, i, j, co]
 *
 *   as one matrix product: the kh·kw shifted (strided) slices of the padded x are stacked into
 *   patches [b·oh·ow, kh·kw·ci], multiplied with dy [b·oh·ow, co] (transposeA).
 * - a faster **Conv2DBackpropInput** for stride 1: the wasm backend's own kernel is a plain loop
 *   (84 ms for the tutorial CNN's second layer at batch 64, against 19 ms here); this one is a
 *   Conv2D of the padded dy with the filter rotated by 180° and its channel axes swapped. Other
 *   strides go to the backend's kernel, unchanged.
 *
 * Explicit, never at import time; idempotent; returns false when both are already installed.
 */

interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface BackendLike {
  disposeData(dataId: object): unknown;
}
type KernelArgs = { inputs: Record<string, TensorInfoLike> | TensorInfoLike[]; backend: BackendLike; attrs: Record<string, unknown> };
type KernelFunc = (args: KernelArgs) => TensorInfoLike;

export interface ConvInfo {
  strideHeight: number;
  strideWidth: number;
  outHeight: number;
  outWidth: number;
  padInfo: { top: number; bottom: number; left: number; right: number };
}

/** The parts of the tfjs namespace this needs (`@tensorflow/tfjs` or `@tensorflow/tfjs-core`). */
export interface TfKernelRegistry {
  getKernel(kernelName: string, backendName: string): { kernelFunc: unknown; setupFunc?: unknown; disposeFunc?: unknown } | undefined;
  registerKernel(config: { kernelName: string; backendName: string; kernelFunc: unknown; setupFunc?: unknown; disposeFunc?: unknown }): void;
  unregisterKernel(kernelName: string, backendName: string): void;
  backend_util: {
    computeConv2DInfo(
      inShape: [number, number, number, number],
      filterShape: [number, number, number, number],
      strides: number | [number, number],
      dilations: number | [number, number],
      pad: unknown,
      roundingMode?: unknown,
    ): ConvInfo;
  };
}

/**
 * Conv2DBackpropFilter forms a product of the input's shifted slices ('patches') up to this many
 * rows (kh·kw·ci) and a convolution with the output gradient as the filter ('conv') above: on the
 * tutorial CNN at batch 64, patches take the first layer (5·5·1 = 25 rows) from 6.5 to 4.7 ms, while
 * the second (5·5·16 = 400 rows) takes 9.4 ms as a convolution and 16 ms as patches.
 */
const PATCHES_UP_TO = 64;

export interface WasmTrainingKernelOptions {
  /** replace the backend's Conv2DBackpropInput for stride 1 (default true) */
  backpropInput?: boolean;
  /** largest kh·kw·ci for which Conv2DBackpropFilter uses the patch product (default 64; 0: always the convolution) */
  patchesUpTo?: number;
}

/** the backend's own Conv2DBackpropInput, kept per tfjs namespace so that it can be restored */
const saved = new WeakMap<object, { kernelFunc: unknown; setupFunc?: unknown; disposeFunc?: unknown }>();

/** Marks the kernel functions installed here (for idempotency). */
const OURS = Symbol.for('cyclr.wasmTrainingKernel');
const isOurs = (k: { kernelFunc: unknown } | undefined) => k !== undefined && (k.kernelFunc as { [OURS]?: boolean })[OURS] === true;
const mark = (f: KernelFunc): KernelFunc => Object.assign(f, { [OURS]: true });

export function registerWasmTrainingKernels(tf: TfKernelRegistry, options: WasmTrainingKernelOptions = {}): boolean {
  const patchesUpTo = options.patchesUpTo ?? PATCHES_UP_TO;
  const kernel = (name: string): KernelFunc => {
    const k = tf.getKernel(name, 'wasm');
    if (k === undefined) throw new Error(`registerWasmTrainingKernels: the wasm backend has no ${name} kernel; import '@tensorflow/tfjs-backend-wasm' first`);
    return k.kernelFunc as KernelFunc;
  };
  const conv2d = kernel('Conv2D');
  const transpose = kernel('Transpose');
  const padV2 = kernel('PadV2');
  const slice = kernel('Slice');
  const stridedSlice = kernel('StridedSlice');
  const pack = kernel('Pack');
  const reshape = kernel('Reshape');
  const batchMatMul = kernel('BatchMatMul');
  const reverse = kernel('Reverse');

  /** runs `body` with a list for temporaries, disposed afterwards (the result excepted) */
  const scoped = (backend: BackendLike, body: (keep: (t: TensorInfoLike) => TensorInfoLike) => TensorInfoLike): TensorInfoLike => {
    const temps: TensorInfoLike[] = [];
    try {
      return body((t) => {
        temps.push(t);
        return t;
      });
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
  const checkFormat = (name: string, format: unknown) => {
    if (format !== undefined && format !== 'NHWC') throw new Error(`${name} on wasm supports dataFormat 'NHWC' only, got ${String(format)}`);
  };

  const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as Record<string, TensorInfoLike>;
    const [kh, kw, ci, co] = attrs.filterShape as [number, number, number, number];
    checkFormat('Conv2DBackpropFilter', attrs.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], [kh, kw, ci, co], attrs.strides as number | [number, number], 1, attrs.pad, attrs.dimRoundingMode);
    const [b] = x.shape;
    const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
    const method = kh * kw * ci <= patchesUpTo ? 'patches' : 'conv';
    return scoped(backend, (keep) => {
      const { top, bottom, left, right } = info.padInfo;
      const padded = top || bottom || left || right ? keep(padV2({ inputs: { x }, backend, attrs: { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 } })) : x;
      // x with its channels first: [ci, b, H, W]
      const xT = keep(transpose({ inputs: { x: padded }, backend, attrs: { perm: [3, 0, 1, 2] } }));
      if (method === 'patches') {
        // the kh·kw shifted slices of x stacked into patches [kh·kw·ci, b·oh·ow], times dy [b·oh·ow, co]
        const shifted: TensorInfoLike[] = [];
        for (let r = 0; r < kh; r++) {
          for (let c = 0; c < kw; c++) {
            shifted.push(
              keep(
                sh === 1 && sw === 1
                  ? slice({ inputs: { x: xT }, backend, attrs: { begin: [0, 0, r, c], size: [ci, b, oh, ow] } })
                  : stridedSlice({ inputs: { x: xT }, backend, attrs: { begin: [0, 0, r, c], end: [ci, b, r + (oh - 1) * sh + 1, c + (ow - 1) * sw + 1], strides: [1, 1, sh, sw], beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 } }),
              ),
            );
          }
        }
        const stacked = keep(pack({ inputs: shifted, backend, attrs: { axis: 0 } }));
        const patches = keep(reshape({ inputs: { x: stacked }, backend, attrs: { shape: [1, kh * kw * ci, b * oh * ow] } }));
        const d = keep(reshape({ inputs: { x: dy }, backend, attrs: { shape: [1, b * oh * ow, co] } }));
        const dw = keep(batchMatMul({ inputs: { a: patches, b: d }, backend, attrs: { transposeA: false, transposeB: false } }));
        return reshape({ inputs: { x: dw }, backend, attrs: { shape: [kh, kw, ci, co] } });
      }
      // a Conv2D of x (channels as batch: [ci, H, W, b]) with dy as the filter ([oh, ow, b, co]) at
      // dilation s, cut to the filter's size
      const xc = keep(transpose({ inputs: { x: xT }, backend, attrs: { perm: [0, 2, 3, 1] } }));
      const dyT = keep(transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } }));
      const full = keep(conv2d({ inputs: { x: xc, filter: dyT }, backend, attrs: { strides: 1, pad: 'valid', dilations: [sh, sw], dataFormat: 'NHWC' } }));
      const cut = full.shape[1] !== kh || full.shape[2] !== kw ? keep(slice({ inputs: { x: full }, backend, attrs: { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] } })) : full;
      return transpose({ inputs: { x: cut }, backend, attrs: { perm: [1, 2, 0, 3] } });
    });
  };

  const builtinInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
  const original = builtinInput !== undefined && !isOurs(builtinInput) ? (builtinInput.kernelFunc as KernelFunc) : undefined;
  const conv2DBackpropInput: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as Record<string, TensorInfoLike>;
    const inShape = attrs.inputShape as [number, number, number, number];
    const [kh, kw] = filter.shape;
    const info = tf.backend_util.computeConv2DInfo(inShape, filter.shape as [number, number, number, number], attrs.strides as number | [number, number], 1, attrs.pad, attrs.dimRoundingMode);
    const { top, bottom, left, right } = info.padInfo;
    const pads = [kh - 1 - top, kh - 1 - bottom, kw - 1 - left, kw - 1 - right];
    const fast = info.strideHeight === 1 && info.strideWidth === 1 && (attrs.dataFormat === undefined || attrs.dataFormat === 'NHWC') && pads.every((p) => p >= 0);
    if (!fast) {
      if (original === undefined) throw new Error('Conv2DBackpropInput on wasm: the backend kernel is missing');
      return original(args);
    }
    return scoped(backend, (keep) => {
      // dx = conv2d(dy padded by k - 1 - p, filter rotated by 180° with in and out channels swapped)
      const rotated = keep(reverse({ inputs: { x: filter }, backend, attrs: { dims: [0, 1] } }));
      const swapped = keep(transpose({ inputs: { x: rotated }, backend, attrs: { perm: [0, 1, 3, 2] } }));
      const padded = pads.some((p) => p > 0) ? keep(padV2({ inputs: { x: dy }, backend, attrs: { paddings: [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]], constantValue: 0 } })) : dy;
      return conv2d({ inputs: { x: padded, filter: swapped }, backend, attrs: { strides: 1, pad: 'valid', dilations: 1, dataFormat: 'NHWC' } });
    });
  };

  let changed = false;
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') === undefined) {
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: mark(conv2DBackpropFilter) });
    changed = true;
  }
  if (original !== undefined && options.backpropInput !== false) {
    saved.set(tf, builtinInput!);
    // keep the backend kernel's setup (it binds the wasm function the delegated strides call)
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel({ kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: mark(conv2DBackpropInput), setupFunc: builtinInput?.setupFunc, disposeFunc: builtinInput?.disposeFunc });
    changed = true;
  }
  return changed;
}

/**
 * Removes what registerWasmTrainingKernels installed and gives the backend its own
 * Conv2DBackpropInput back. Returns false when nothing was installed.
 */
export function unregisterWasmTrainingKernels(tf: TfKernelRegistry): boolean {
  let changed = false;
  if (isOurs(tf.getKernel('Conv2DBackpropFilter', 'wasm'))) {
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    changed = true;
  }
  const original = saved.get(tf);
  if (isOurs(tf.getKernel('Conv2DBackpropInput', 'wasm')) && original !== undefined) {
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel({ kernelName: 'Conv2DBackpropInput', backendName: 'wasm', ...original });
    saved.delete(tf);
    changed = true;
  }
  return changed;
}
