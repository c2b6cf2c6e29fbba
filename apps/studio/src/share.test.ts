import { describe, expect, it } from 'vitest';
import { decodeView, encodeView, isViewFragment } from './share.js';
import { defaultState, readState, type ViewState } from './view-state.js';

describe('share links', () => {
  it('carry the whole view through the fragment and back', async () => {
    const view: ViewState = {
      ...defaultState(),
      text: '{"type": "cosine", "from": 0.1, "to": 0, "steps": 1000}\n',
      log: true,
      unit: 'epochs',
      stepsPerEpoch: 100,
      range: [100, 400],
      hidden: ['momentum'],
      phases: false,
      readout: 250,
      overlays: [{ label: 'Keras CosineDecay', text: '{"type": "constant", "value": 1}' }],
      importedFrom: 'keras',
      exportId: 'csv',
    };
    const fragment = await encodeView(view);
    expect(isViewFragment(`#${fragment}`)).toBe(true);
    expect(fragment).toMatch(/^v1=[A-Za-z0-9_-]+$/);
    expect(await decodeView(`#${fragment}`)).toEqual({ state: view, problems: [] });
  });

  it('compress: a long document makes a short link', async () => {
    const text = JSON.stringify({ type: 'piecewiseConstant', boundaries: Array.from({ length: 500 }, (_, i) => (i + 1) * 10), values: Array.from({ length: 501 }, () => 0.1) });
    const fragment = await encodeView({ ...defaultState(), text });
    expect(fragment.length).toBeLessThan(text.length / 2);
  });

  it('refuse what they cannot read, saying why', async () => {
    expect((await decodeView('#v1=@@@')).problems[0]).toMatch(/characters base64url does not use/);
    expect((await decodeView('#v1=AAAA')).problems[0]).toMatch(/^the link cannot be read/);
    expect((await decodeView('#other')).problems).toEqual(['not a studio link (its fragment does not start with v1=)']);
  });

  it('check every field of a restored view and patch none', () => {
    expect(readState({ text: 'x', log: 'yes', range: [5, 2], unit: 'epochs' }).problems).toEqual([
      'log must be true or false',
      'range must be [first, last] steps with first < last',
      'unit epochs needs stepsPerEpoch',
    ]);
    expect(readState({ text: 'x' })).toEqual({ state: { ...defaultState(), text: 'x' }, problems: [] });
    expect(readState([]).state).toBeUndefined();
  });
});
