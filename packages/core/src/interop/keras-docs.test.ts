import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { specError as error } from '../../test/spec-error.js';
import { valueAt } from '../evaluate/api.js';
import { fromKeras } from './keras.js';

// Whole Keras documents as Keras 3 and tf.keras 2 write them, with their learning rates from Keras's
// formulas (test/fixtures/generate_keras.py, commit in the fixture).
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/keras-docs.json', import.meta.url), 'utf8')) as { cases: Array<{ id: string; doc: unknown; lr: number[] }> };

describe('fromKeras on compile configs and model configs', () => {
  it('has a Keras 3 compile config and a model config among its fixtures', () => {
    const ids = fixture.cases.map((c) => c.id).join('\n');
    expect(ids).toContain('get_compile_config');
    expect(ids).toContain('.keras archive config.json');
  });

  for (const c of fixture.cases) {
    it(`finds the optimizer's schedule in ${c.id} (within 1e-9 relative of Keras's formula)`, () => {
      const spec = fromKeras(c.doc);
      c.lr.forEach((want, t) => {
        const got = valueAt(spec, t);
        if (!(Math.abs(got - want) <= 1e-9 * Math.abs(want) + (want === 0 ? 1e-300 : 0))) expect.fail(`t = ${t}: Keras ${want}, cyclr ${got}`);
      });
    });
  }

  it('says where it looked for a model saved without compile() and for a document without an optimizer', () => {
    const model = error(() => fromKeras({ module: 'keras', class_name: 'Functional', config: {}, compile_config: null }));
    expect(model.issues[0]).toMatchObject({ code: 'missing', path: ['compile_config'] });
    expect(model.message).toContain('without compile()');
    const none = error(() => fromKeras({ loss: 'mse', metrics: ['accuracy'] }));
    expect(none.message).toContain('looked at compile_config.optimizer');
  });

  it('refuses gradient accumulation (the schedule runs on batches) and suggests optimizer names', () => {
    expect(error(() => fromKeras({ optimizer: { class_name: 'Adam', config: { learning_rate: 0.001, gradient_accumulation_steps: 4 } } })).issues[0])
      .toMatchObject({ code: 'unsupported', path: ['optimizer', 'config', 'gradient_accumulation_steps'] });
    expect(error(() => fromKeras({ optimizer: 'adamm', loss: 'mse' })).message).toContain("did you mean 'adam'");
  });

  it("takes an optimizer config without learning_rate at its class's default (SGD: 0.01)", () => {
    expect(valueAt(fromKeras({ optimizer: { class_name: 'SGD', config: { momentum: 0.9 } } }), 5)).toBe(0.01);
  });
});
