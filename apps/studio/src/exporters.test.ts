import { fromKeras, fromTorch, ScheduleSpecError, toOptax, toTorch, valueAt, valuesAt, type Policy } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { EXPORTERS, MAX_CSV_ROWS, exporterById, type ExportInput } from './exporters.js';

const input = (policy: Policy, extra: Partial<ExportInput> = {}): ExportInput => ({ text: JSON.stringify(policy), policy, isSchedule: false, range: [0, 99], ...extra });
const cyclic = fromTorch('CyclicLR', { base_lr: 0.001, max_lr: 0.01, step_size_up: 20, mode: 'triangular2' }, { type: 'SGD', lr: 0.01, momentum: 0.9 });

describe('the output formats', () => {
  it('are cyclr JSON, Keras config, PyTorch and optax code and CSV, in that order', () => {
    expect(EXPORTERS.map((e) => e.id)).toEqual(['cyclr', 'keras', 'pytorch', 'optax', 'csv']);
  });

  it("writes PyTorch and optax code with core's toTorch and toOptax, a bare schedule as a schedule", () => {
    expect(exporterById('pytorch')!.run(input(cyclic)).text).toBe(toTorch(cyclic));
    expect(exporterById('optax')!.run(input(cyclic)).text).toBe(toOptax(cyclic));
    expect(exporterById('optax')!.run(input(cyclic)).notes[1]).toMatch(/momentum not exported/);
    const bare = { type: 'cosine', from: 0.1, to: 0, steps: 100 } as const;
    expect(exporterById('pytorch')!.run(input({ version: 1, lr: bare } as Policy, { isSchedule: true })).text).toBe(toTorch(bare));
  });

  it('writes the document as formatted cyclr JSON', () => {
    const out = exporterById('cyclr')!.run(input(cyclic));
    expect(JSON.parse(out.text)).toEqual(JSON.parse(JSON.stringify(cyclic)));
    expect(out.filename).toBe('policy.cyclr.json');
  });

  it('exports the learning rate to Keras so that fromKeras gives the same values, and says momentum stays behind', () => {
    const out = exporterById('keras')!.run(input(cyclic));
    const back = fromKeras(JSON.parse(out.text));
    for (let t = 0; t < 200; t++) expect(valueAt(back, t), `step ${t}`).toBe(valueAt(cyclic.lr, t));
    expect(out.notes).toContain('a Keras schedule sets the learning rate only: momentum not exported');
  });

  it("names the field Keras cannot express with the document's path", () => {
    const oneCycle = fromTorch('OneCycleLR', { max_lr: 0.1, total_steps: 100 });
    let error: unknown;
    try {
      exporterById('keras')!.run(input(oneCycle));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScheduleSpecError);
    expect((error as ScheduleSpecError).issues[0]).toMatchObject({ code: 'not_expressible', path: ['lr', 'parts'] });
    const bare = { type: 'tanh', from: 1, to: 0, steps: 10 } as const;
    try {
      exporterById('keras')!.run(input({ version: 1, lr: bare } as Policy, { isSchedule: true }));
    } catch (e) {
      error = e;
    }
    expect((error as ScheduleSpecError).issues[0].path).toEqual(['type']);
  });

  it('writes a CSV of every step in the range with every hyperparameter, exact values', () => {
    const out = exporterById('csv')!.run(input(cyclic, { range: [10, 14], stepsPerEpoch: 4 }));
    const lines = out.text.trim().split('\n');
    expect(lines[0]).toBe('step,epoch,lr,momentum');
    expect(lines).toHaveLength(6);
    lines.slice(1).forEach((line, i) => {
      const [step, epoch, lr, momentum] = line.split(',').map(Number);
      const t = 10 + i;
      expect([step, epoch]).toEqual([t, t / 4]);
      expect(lr).toBe(valuesAt(cyclic, t).lr);
      expect(momentum).toBe(valuesAt(cyclic, t).momentum);
    });
  });

  it(`samples a CSV with a stride past ${MAX_CSV_ROWS} rows`, () => {
    const out = exporterById('csv')!.run(input(cyclic, { range: [0, 3 * MAX_CSV_ROWS - 1] }));
    const lines = out.text.trim().split('\n');
    expect(lines).toHaveLength(MAX_CSV_ROWS + 1);
    expect(lines[2].split(',')[0]).toBe('3');
    expect(out.notes[0]).toMatch(/every 3th step/);
  });
});
