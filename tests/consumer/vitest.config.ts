import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// One install for the whole suite: the files share it, one after the other.
export default mergeConfig(sharedConfig, defineConfig({ test: { fileParallelism: false, testTimeout: 180_000, hookTimeout: 600_000 } }));
