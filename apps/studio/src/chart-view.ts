/**
 * The chart on the page: @cyclr/plot's SVG, a cursor and a read-out of the exact values at the step
 * under the pointer (or moved with the arrow keys), drag to zoom, click or Enter to pin the read-out.
 * Positions come from the SVG's `rect.plot-area` and the model's step range, nothing else.
 */
import { formatValue } from '@cyclr/core';
import { renderSvg } from '@cyclr/plot';
import { fractionOfStep, readoutAt, stepAtFraction, type PlotModel } from './chart-model.js';

export interface ChartViewEvents {
  /** a drag selected [first, last] */
  zoom(range: [number, number]): void;
  /** the read-out was pinned at a step (click, Enter) */
  pin(step: number | undefined): void;
}

export interface ChartView {
  draw(model: PlotModel, pinned: number | undefined, stepsPerEpoch: number | undefined): void;
  /** the last model drawn */
  model(): PlotModel | undefined;
  /** shows the read-out at a step */
  readAt(step: number): void;
  stale(isStale: boolean): void;
}

export function chartView(box: HTMLElement, readout: HTMLElement, events: ChartViewEvents): ChartView {
  const svgBox = box.querySelector<HTMLElement>('#chart-svg')!;
  const cursor = box.querySelector<HTMLElement>('#cursor')!;
  const selection = box.querySelector<HTMLElement>('#selection')!;
  let current: PlotModel | undefined;
  let spe: number | undefined;
  let pinned: number | undefined;
  let shown: number | undefined;
  let dragFrom: number | undefined;
  let dragged = false;

  const area = (): DOMRect | undefined => svgBox.querySelector('rect.plot-area')?.getBoundingClientRect();

  const stepAtClientX = (x: number): number | undefined => {
    const r = area();
    if (!current || !r || r.width <= 0) return undefined;
    return stepAtFraction(current, (x - r.left) / r.width);
  };

  const pixelOf = (step: number): number | undefined => {
    const r = area();
    if (!current || !r) return undefined;
    const boxRect = box.getBoundingClientRect();
    return r.left - boxRect.left + fractionOfStep(current, step) * r.width;
  };

  const showReadout = (step: number | undefined): void => {
    shown = step;
    if (!current || step === undefined) {
      cursor.hidden = true;
      readout.textContent = current ? 'Point at the chart (or focus it and use the arrow keys) to read the exact values at a step.' : '';
      delete readout.dataset.step;
      return;
    }
    const r = readoutAt(current, step, spe);
    readout.dataset.step = String(r.step);
    readout.replaceChildren();
    const head = document.createElement('div');
    head.textContent = `step ${r.step}${r.epoch !== undefined ? ` (epoch ${formatValue(r.epoch)})` : ''}${pinned === r.step ? ' · pinned' : ''}`;
    head.className = 'readout-step';
    const table = document.createElement('table');
    for (const v of r.values) {
      const tr = document.createElement('tr');
      tr.dataset.name = v.name;
      tr.dataset.key = v.key;
      tr.dataset.value = String(v.value);
      const name = document.createElement('td');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = v.color;
      name.append(swatch, v.name);
      const value = document.createElement('td');
      value.className = 'value';
      value.textContent = String(v.value);
      tr.append(name, value);
      table.append(tr);
    }
    readout.append(head, table);
    const px = pixelOf(r.step);
    const a = area();
    if (px === undefined || !a) return;
    const boxRect = box.getBoundingClientRect();
    cursor.hidden = false;
    cursor.style.left = `${px}px`;
    cursor.style.top = `${a.top - boxRect.top}px`;
    cursor.style.height = `${a.height}px`;
  };

  const showSelection = (a: number, b: number): void => {
    const pa = pixelOf(Math.min(a, b));
    const pb = pixelOf(Math.max(a, b));
    const r = area();
    if (pa === undefined || pb === undefined || !r) return;
    const boxRect = box.getBoundingClientRect();
    selection.hidden = false;
    selection.style.left = `${pa}px`;
    selection.style.width = `${Math.max(1, pb - pa)}px`;
    selection.style.top = `${r.top - boxRect.top}px`;
    selection.style.height = `${r.height}px`;
  };

  box.addEventListener('pointermove', (e) => {
    const step = stepAtClientX(e.clientX);
    if (step === undefined) return;
    if (dragFrom !== undefined && step !== dragFrom) {
      dragged = true;
      showSelection(dragFrom, step);
    }
    showReadout(step);
  });
  box.addEventListener('pointerleave', () => {
    if (dragFrom === undefined) showReadout(pinned);
  });
  box.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    dragFrom = stepAtClientX(e.clientX);
    dragged = false;
    box.setPointerCapture?.(e.pointerId);
  });
  box.addEventListener('pointerup', (e) => {
    const from = dragFrom;
    dragFrom = undefined;
    selection.hidden = true;
    const to = stepAtClientX(e.clientX);
    if (from === undefined || to === undefined) return;
    if (dragged && Math.abs(to - from) >= 2) events.zoom([Math.min(from, to), Math.max(from, to)]);
    else {
      pinned = pinned === to ? undefined : to;
      events.pin(pinned);
      showReadout(to);
    }
  });
  box.addEventListener('keydown', (e) => {
    if (!current) return;
    const [a, b] = current.range;
    const big = Math.max(1, Math.round((b - a) / 20));
    const at = shown ?? pinned ?? a;
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = at + (e.shiftKey ? big : 1);
    else if (e.key === 'ArrowLeft') next = at - (e.shiftKey ? big : 1);
    else if (e.key === 'PageUp') next = at + big;
    else if (e.key === 'PageDown') next = at - big;
    else if (e.key === 'Home') next = a;
    else if (e.key === 'End') next = b;
    else if (e.key === 'Enter' || e.key === ' ') {
      pinned = pinned === at ? undefined : at;
      events.pin(pinned);
      showReadout(at);
      e.preventDefault();
      return;
    } else if (e.key === 'Escape') {
      pinned = undefined;
      events.pin(undefined);
      showReadout(undefined);
      return;
    }
    if (next === undefined) return;
    e.preventDefault();
    showReadout(Math.max(a, Math.min(b, next)));
  });
  box.addEventListener('focus', () => {
    if (shown === undefined && current) showReadout(pinned ?? current.range[0]);
  });

  return {
    draw(model, pin, stepsPerEpoch) {
      current = model;
      spe = stepsPerEpoch;
      pinned = pin;
      const width = Math.max(300, Math.floor(svgBox.clientWidth || box.clientWidth || 720));
      const height = width < 560 ? 300 : 420;
      const fontSize = width < 560 ? 11 : 12;
      // a long title (a description) is cut to the width; the full text stays in the editor
      const room = Math.floor(width / (fontSize * 1.35 * 0.62));
      const title = model.chart.title && model.chart.title.length > room ? `${model.chart.title.slice(0, room - 1)}…` : model.chart.title;
      svgBox.innerHTML = renderSvg({ ...model.chart, title }, { width, height, idPrefix: 'studio', fontSize });
      box.dataset.first = String(model.range[0]);
      box.dataset.last = String(model.range[1]);
      box.dataset.unit = model.chart.x.label ?? 'step';
      const keep = shown !== undefined && shown >= model.range[0] && shown <= model.range[1] ? shown : pinned;
      showReadout(keep !== undefined && keep >= model.range[0] && keep <= model.range[1] ? keep : undefined);
    },
    model: () => current,
    readAt: (step) => showReadout(step),
    stale(isStale) {
      box.dataset.stale = String(isStale);
    },
  };
}
