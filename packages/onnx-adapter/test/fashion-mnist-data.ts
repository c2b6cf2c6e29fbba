import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
// The 14x14 Fashion-MNIST subset committed at data/fashion-mnist/ (repository root), for tests and
// benchmarks. Example code, not part of the package (it reads files outside it).
import { parseIdx } from '../src/data/idx.js';

/** One split: `count` images of `side x side` pixels scaled to [0, 1], and int64 labels. */
export interface FashionMnistSplit {
  count: number;
  side: number;
  /** row-major `[count, side·side]` float32 in [0, 1] */
  images: Float32Array;
  labels: BigInt64Array;
}

/** The subset committed at `data/fashion-mnist/` in the cyclr repository (see its README). */
export const FASHION_MNIST_DIR = fileURLToPath(new URL('../../../data/fashion-mnist/', import.meta.url));

async function readIdx(path: string) {
  return parseIdx(new Uint8Array(gunzipSync(await readFile(path))));
}

/**
 * Loads the committed 14x14 Fashion-MNIST subset (2,000 train, 500 test), or gzipped IDX files
 * with the same names from `dir`.
 */
export async function loadFashionMnist(dir: string = FASHION_MNIST_DIR): Promise<{ train: FashionMnistSplit; test: FashionMnistSplit }> {
  const load = async (split: 'train' | 'test'): Promise<FashionMnistSplit> => {
    const images = await readIdx(`${dir.replace(/\/$/, "")}/${split}-images-14x14-idx3-ubyte.gz`);
    const labels = await readIdx(`${dir.replace(/\/$/, "")}/${split}-labels-idx1-ubyte.gz`);
    const [count, side] = images.dims;
    if (labels.dims[0] !== count) throw new Error(`${split}: ${count} images but ${labels.dims[0]} labels`);
    const pixels = new Float32Array(images.data.length);
    for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / 255;
    return { count, side, images: pixels, labels: BigInt64Array.from(labels.data, (v) => BigInt(v)) };
  };
  return { train: await load('train'), test: await load('test') };
}
