import { describe, expect, it } from 'vitest';
import { Call, Expression, PasteError, expressionsIn, readPastedArgs } from './python-args.js';

describe('readPastedArgs', () => {
  it('reads a whole PyTorch call: class name, the optimizer positional, keywords', () => {
    const r = readPastedArgs('sched = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=10_000, anneal_strategy="linear", three_phase=True)');
    expect(r.callee).toBe('OneCycleLR');
    expect(r.args).toEqual([new Expression('optimizer')]);
    expect(r.kwargs).toEqual({ max_lr: 0.1, total_steps: 10000, anneal_strategy: 'linear', three_phase: true });
  });

  it('reads keywords, JSON and Python dicts alike', () => {
    expect(readPastedArgs('max_lr=0.1,\n total_steps=100  # the run').kwargs).toEqual({ max_lr: 0.1, total_steps: 100 });
    expect(readPastedArgs('{"max_lr": 0.1, "div_factor": 25}').kwargs).toEqual({ max_lr: 0.1, div_factor: 25 });
    expect(readPastedArgs("{'class_name': 'CosineDecay', 'config': {'initial_learning_rate': 0.1, 'name': None, 'warmup_target': None}}").kwargs).toEqual({
      class_name: 'CosineDecay',
      config: { initial_learning_rate: 0.1, name: null, warmup_target: null },
    });
  });

  it('evaluates arithmetic on numbers, lists and tuples', () => {
    expect(readPastedArgs('a=0.1 / 25, b=10 * 391, c=-1e-3, d=2 ** 3, e=7 // 2, f=[30, 60], g=(0.9, 0.999), h=.5').kwargs).toEqual({ a: 0.004, b: 3910, c: -0.001, d: 8, e: 3, f: [30, 60], g: [0.9, 0.999], h: 0.5 });
  });

  it('keeps what is not a literal as an expression, with its text', () => {
    const r = readPastedArgs('OneCycleLR(opt, max_lr=args.lr, steps_per_epoch=len(train_loader), epochs=10)');
    expect(r.kwargs.max_lr).toEqual(new Expression('args.lr'));
    expect(r.kwargs.steps_per_epoch).toBeInstanceOf(Call);
    expect((r.kwargs.steps_per_epoch as Call).text).toBe('len(train_loader)');
    expect(expressionsIn(r.kwargs).map((e) => e.path.join('.'))).toEqual(['max_lr', 'steps_per_epoch']);
  });

  it('reads nested calls (SequentialLR schedulers) with their own keywords', () => {
    const r = readPastedArgs('SequentialLR(opt, schedulers=[LinearLR(opt, start_factor=0.1, total_iters=5), CosineAnnealingLR(opt, T_max=95)], milestones=[5])');
    const [a, b] = r.kwargs.schedulers as Call[];
    expect([a.callee, a.kwargs, b.callee, b.kwargs]).toEqual(['LinearLR', { start_factor: 0.1, total_iters: 5 }, 'CosineAnnealingLR', { T_max: 95 }]);
  });

  it('says where it could not read, as a PasteError', () => {
    expect(() => readPastedArgs('max_lr=0.1 total_steps')).toThrow(PasteError);
    expect(() => readPastedArgs('OneCycleLR(opt, max_lr=0.1')).toThrow(/expected '\)'/);
    expect(() => readPastedArgs("a='open")).toThrow(/not closed/);
    expect(() => readPastedArgs('OneCycleLR(opt, max_lr=0.1, 100)')).toThrow(/positional argument after keyword/);
  });
});
