// A 1,000,000-step schedule plotted end to end must take well under a second (issue #6).
// Run: npm run bench -w @cyclr/plot
import type { Policy, Schedule } from '@cyclr/core';
import { bench, describe } from 'vitest';
import { renderSvg, renderTerminal, scheduleChart } from '../src/index.js';
import { svgToPng } from '../src/node.js';

const STEPS = 1_000_000;
const cyclicPolicy = {
  version: 1,
  lr: { type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 2000, mode: 'triangular2' },
  momentum: { type: 'cyclic', from: 0.95, peak: 0.85, upSteps: 2000, mode: 'triangular2' },
} as unknown as Policy;
const cosine: Schedule = { type: 'cosine', from: 0.1, to: 0, steps: STEPS };

describe('plot a 1,000,000-step spec', () => {
  bench('cosine → SVG', () => {
    renderSvg(scheduleChart(cosine, { steps: STEPS }));
  });
  bench('cyclic lr + momentum policy → SVG', () => {
    renderSvg(scheduleChart(cyclicPolicy, { steps: STEPS }));
  });
  bench('cyclic lr + momentum policy → terminal', () => {
    renderTerminal(scheduleChart(cyclicPolicy, { steps: STEPS }));
  });
  bench('cyclic lr + momentum policy → PNG', () => {
    svgToPng(renderSvg(scheduleChart(cyclicPolicy, { steps: STEPS })));
  });
});
