// Fashion-MNIST in IDX format: the full dataset committed in ../data/fashion-mnist (60,000 training
// and 10,000 test images, the files of Debian's dataset-fashion-mnist), or the same four files from
// another directory.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
export const DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';
export const SHIPPED_DIR = new URL('../data/fashion-mnist/', import.meta.url).pathname;
/** The smoke-test subset (`--quick`): the first images of each split, in file order. */
export const QUICK = { train: 5000, test: 1000 } as const;

export interface Split {
  /** uint8 pixels, row-major, count × 28 × 28 */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface FashionMnist {
  train: Split;
  test: Split;
  source: string;
}

/** Parses an IDX file (optionally gzipped): returns its dimensions and raw uint8 data. */
export function parseIdx(bytes: Uint8Array): { shape: number[]; data: Uint8Array } {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(gunzipSync(bytes)) : bytes;
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0 || raw[2] !== 0x08) {
    throw new Error('not an IDX file of unsigned bytes (magic 0x00000801 or 0x00000803 expected)');
  }
  const dims = raw[3];
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  const size = shape.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * dims;
  if (raw.length - start < size) throw new Error(`IDX file is truncated: ${raw.length - start} bytes of data, ${size} expected`);
  return { shape, data: raw.subarray(start, start + size) };
}

function readSplit(dir: string, images: string, labels: string, limit?: number): Split {
  const img = parseIdx(readFileSync(join(dir, images)));
  const lab = parseIdx(readFileSync(join(dir, labels)));
  if (img.shape[0] !== lab.shape[0]) throw new Error(`${images} has ${img.shape[0]} images but ${labels} has ${lab.shape[0]} labels`);
  if (img.shape[1] !== 28 || img.shape[2] !== 28) throw new Error(`${images}: expected 28×28 images, got ${img.shape.slice(1).join('×')}`);
  const count = Math.min(img.shape[0], limit ?? Infinity);
  return { images: img.data.subarray(0, count * 784), labels: lab.data.subarray(0, count), count };
}

/**
 * Loads Fashion-MNIST: the four original files (train-images-idx3-ubyte[.gz], ...) from `dir`,
 * default the full dataset committed in apps/examples/data/fashion-mnist. `subset` keeps the first
 * training images, `testSubset` the first test images (file order).
 */
export function loadFashionMnist(options: { dir?: string; subset?: number; testSubset?: number } = {}): FashionMnist {
  const { subset, testSubset } = options;
  const dir = options.dir ?? SHIPPED_DIR;
  const pick = (base: string) => {
    for (const name of [base, `${base}.gz`]) if (existsSync(join(dir, name))) return name;
    throw new Error(`${dir} has no ${base} or ${base}.gz (expected the original Fashion-MNIST IDX files)`);
  };
  const train = readSplit(dir, pick('train-images-idx3-ubyte'), pick('train-labels-idx1-ubyte'), subset);
  const test = readSplit(dir, pick('t10k-images-idx3-ubyte'), pick('t10k-labels-idx1-ubyte'), testSubset);
  const where = options.dir === undefined ? 'apps/examples/data/fashion-mnist' : dir;
  const part = (split: Split, total: number, label: string) => (split.count === total ? `${split.count} ${label}` : `the first ${split.count} ${label}`);
  return { train, test, source: `Fashion-MNIST (${part(train, 60000, 'training')}, ${part(test, 10000, 'test images')}) from ${where}` };
}

/** A deterministic permutation of 0..n-1 (Fisher–Yates with a 32-bit LCG seeded by `seed`). */
export function permutation(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  let state = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    const tmp = out[i];
    out[i] = out[j];
    out[j] = tmp;
  }
  return out;
}
