/** Batches for the range test from a tf.data.Dataset, an array of batches, or x/y tensors. */
import type { Tensor } from '@tensorflow/tfjs-core';
// Tensor methods such as `slice` are declared by tfjs-core's chained-ops module (types only: every tfjs
// build registers them at run time).
import type {} from '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import { TfjsAdapterError } from './errors.js';

/** One batch: inputs and targets (a tensor each, or arrays for multi-input/output models). */
export interface Batch {
  xs: Tensor | Tensor[];
  ys: Tensor | Tensor[];
}

/** A `tf.data.Dataset` of `{ xs, ys }` elements (only `iterator()` is used). */
export interface DatasetLike {
  iterator(): Promise<{ next(): Promise<{ value: unknown; done: boolean }> }>;
}

/** Tensors sliced into batches of `batchSize` along the first axis. */
export interface TensorData {
  x: Tensor;
  y: Tensor;
  batchSize: number;
}

export type BatchData = DatasetLike | readonly Batch[] | TensorData;

export interface BatchSource {
  /** the next batch, cycling through the data; `owned` batches are disposed by the caller */
  next(): Promise<{ batch: Batch; owned: boolean }>;
}

function isTensor(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && Array.isArray((v as Tensor).shape) && typeof (v as Tensor).dataSync === 'function';
}

function checkBatch(value: unknown, where: string): Batch {
  const b = value as Partial<Batch> | null;
  const ok = (t: unknown): boolean => isTensor(t) || (Array.isArray(t) && t.length > 0 && t.every(isTensor));
  if (typeof b !== 'object' || b === null || !ok(b.xs) || !ok(b.ys)) {
    throw new TfjsAdapterError('invalid_data', `${where} must be { xs, ys } with a tensor (or an array of tensors) each`);
  }
  return b as Batch;
}

function isDataset(d: unknown): d is DatasetLike {
  return typeof d === 'object' && d !== null && typeof (d as DatasetLike).iterator === 'function';
}

const isBatchList = (v: unknown): v is readonly Batch[] => Array.isArray(v);

/** A cycling batch source over any of the accepted data forms. */
export function batchSource(data: BatchData, what = 'data'): BatchSource {
  if (isBatchList(data)) {
    if (data.length === 0) throw new TfjsAdapterError('invalid_data', `${what} is an empty array of batches`);
    data.forEach((b, i) => checkBatch(b, `${what}[${i}]`));
    let i = 0;
    return {
      next: async () => {
        const batch = data[i % data.length];
        i += 1;
        return { batch, owned: false };
      },
    };
  }
  if (isDataset(data)) {
    let it: Awaited<ReturnType<DatasetLike['iterator']>> | undefined;
    let index = 0;
    return {
      async next() {
        for (let attempt = 0; attempt < 2; attempt++) {
          if (it === undefined) it = await data.iterator();
          const r = await it.next();
          if (!r.done) return { batch: checkBatch(r.value, `${what} element ${index++}`), owned: true };
          it = undefined;
        }
        throw new TfjsAdapterError('invalid_data', `${what} (a tf.data.Dataset) yields no elements`);
      },
    };
  }
  const t = data as Partial<TensorData>;
  if (typeof t !== 'object' || t === null || !isTensor(t.x) || !isTensor(t.y)) {
    throw new TfjsAdapterError('invalid_data', `${what} must be a tf.data.Dataset of { xs, ys }, an array of { xs, ys } batches, or { x, y, batchSize }`);
  }
  const { x, y } = t as TensorData;
  const batchSize = t.batchSize;
  if (!(typeof batchSize === 'number' && Number.isSafeInteger(batchSize) && batchSize >= 1)) {
    throw new TfjsAdapterError('invalid_data', `${what}.batchSize must be a positive integer, got ${String(batchSize)}`);
  }
  const n = x.shape[0] ?? 0;
  if (x.rank < 1 || n < 1) throw new TfjsAdapterError('invalid_data', `${what}.x has no examples (shape [${x.shape.join(', ')}])`);
  if (y.shape[0] !== n) throw new TfjsAdapterError('invalid_data', `${what}.x has ${n} examples but ${what}.y has ${String(y.shape[0])}`);
  let start = 0;
  return {
    next: async () => {
      if (start >= n) start = 0;
      const size = Math.min(batchSize, n - start);
      const batch = { xs: x.slice(start, size), ys: y.slice(start, size) };
      start += size;
      return { batch, owned: true };
    },
  };
}

export function disposeBatch(batch: Batch): void {
  for (const t of [batch.xs, batch.ys].flat()) t.dispose();
}

/** Checks a batch against the model's input and output shapes (null dims match anything). */
export function checkBatchShapes(batch: Batch, inputs: Array<{ shape: Array<number | null> }> | undefined, outputs: Array<{ shape: Array<number | null> }> | undefined, where: string): void {
  const compare = (tensors: Tensor | Tensor[], specs: Array<{ shape: Array<number | null> }> | undefined, label: string, role: string): void => {
    if (specs === undefined) return;
    const list = Array.isArray(tensors) ? tensors : [tensors];
    if (list.length !== specs.length) {
      throw new TfjsAdapterError('invalid_data', `${where}: ${label} has ${list.length} tensor(s) but the model has ${specs.length} ${role}(s)`);
    }
    list.forEach((tensor, i) => {
      const want = specs[i].shape;
      const got = tensor.shape;
      const fits = got.length === want.length && want.every((d, k) => d === null || d === got[k]) && (got[0] ?? 0) > 0;
      if (!fits) {
        const fmt = (s: Array<number | null>) => `[${s.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
        throw new TfjsAdapterError('invalid_data', `${where}: ${label}${list.length > 1 ? `[${i}]` : ''} has shape ${fmt(got)}, but the model's ${role} expects ${fmt(want)}`);
      }
    });
  };
  compare(batch.xs, inputs, 'xs', 'input');
  compare(batch.ys, outputs, 'ys', 'output');
  const xs = Array.isArray(batch.xs) ? batch.xs : [batch.xs];
  const ys = Array.isArray(batch.ys) ? batch.ys : [batch.ys];
  const sizes = new Set([...xs, ...ys].map((t) => t.shape[0]));
  if (sizes.size > 1) throw new TfjsAdapterError('invalid_data', `${where}: xs and ys have different batch sizes (${[...sizes].join(' vs ')})`);
}
