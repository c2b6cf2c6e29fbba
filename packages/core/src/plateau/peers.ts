import type { PlateauOptions } from './options.js';

/**
 * Plateau options that reproduce a peer's ReduceLROnPlateau, from its constructor arguments in the
 * peer's own spelling (JSON). Each peer's rule, read from its source:
 * - 'pytorch' (torch.optim.lr_scheduler.ReduceLROnPlateau): mode 'min', factor 0.1, patience 10,
 *   threshold 1e-4 'rel', cooldown 0, min_lr 0, eps 1e-8; reduce when bad epochs > patience.
 * - 'keras' (keras.callbacks.ReduceLROnPlateau): factor 0.1, patience 10, mode 'auto' (max when the
 *   monitor name contains 'acc'), absolute min_delta 1e-4, cooldown 0 counted from the reducing
 *   epoch, min_lr 0; reduce when wait >= patience, while lr > min_lr (no eps).
 * - 'fastai' (fastai.callback.tracker.ReduceLROnPlateau): patience 1, factor 10 (divides), absolute
 *   min_delta 0, min_lr 0, no cooldown; min when the monitor name contains 'loss' or 'error'
 *   (or comp 'less'); reduce when wait >= patience.
 * - 'timm' (timm.scheduler.PlateauLRScheduler, a PyTorch ReduceLROnPlateau): decay_rate 0.1,
 *   patience_t 10, threshold 1e-4 'rel', cooldown_t 0, lr_min 0, mode 'max' (timm's default). Its
 *   warmup and noise are schedule parts (fromTimm builds those); their keys are ignored here.
 * Throws a RangeError for an unknown key or a value the peer itself rejects.
 */
export function plateauFromPeer(peer: 'pytorch' | 'keras' | 'fastai' | 'timm', kwargs: Record<string, unknown> = {}): PlateauOptions {
  const k = { ...kwargs };
  const take = <T>(key: string, fallback: T, check: (v: unknown) => boolean, expected: string): T => {
    const v = key in k ? k[key] : fallback;
    delete k[key];
    if (v === undefined) return fallback;
    if (!check(v)) throw new RangeError(`${peer} ReduceLROnPlateau: ${key} must be ${expected}, got ${JSON.stringify(v)}`);
    return v as T;
  };
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const nonNegInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  const str = (v: unknown) => typeof v === 'string';
  const ignore = (...keys: string[]) => keys.forEach((key) => delete k[key]);
  let out: PlateauOptions;
  switch (peer) {
    case 'pytorch':
    case 'timm': {
      const torch = peer === 'pytorch';
      const mode = take('mode', torch ? 'min' : 'max', (v) => v === 'min' || v === 'max', '"min" or "max"');
      const factor = take(torch ? 'factor' : 'decay_rate', 0.1, num, 'a number');
      if (factor >= 1) throw new RangeError(`${peer} ReduceLROnPlateau: Factor should be < 1.0, got ${factor}`);
      const minLr = take(torch ? 'min_lr' : 'lr_min', 0, (v) => num(v) || (Array.isArray(v) && v.length > 0 && v.every((x) => x === v[0] && num(x))), 'a number (or a list of equal numbers: one value for every param group)');
      out = {
        mode,
        factor,
        patience: take(torch ? 'patience' : 'patience_t', 10, nonNegInt, 'a non-negative integer'),
        threshold: take('threshold', 1e-4, num, 'a number'),
        thresholdMode: torch ? take('threshold_mode', 'rel', (v) => v === 'rel' || v === 'abs', '"rel" or "abs"') : 'rel',
        trigger: '>',
        cooldown: take(torch ? 'cooldown' : 'cooldown_t', 0, nonNegInt, 'a non-negative integer'),
        cooldownFrom: 'next',
        minValue: Array.isArray(minLr) ? (minLr[0] as number) : minLr,
        eps: torch ? take('eps', 1e-8, num, 'a number') : 1e-8,
      };
      ignore('verbose');
      if (!torch) ignore('sched', 'lr', 'warmup_t', 'warmup_lr_init', 'warmup_prefix', 'noise_range_t', 'noise_type', 'noise_pct', 'noise_std', 'noise_seed', 'initialize', 't_in_epochs');
      break;
    }
    case 'keras': {
      const monitor = take('monitor', 'val_loss', str, 'a string');
      const modeArg = take('mode', 'auto', (v) => v === 'auto' || v === 'min' || v === 'max', '"auto", "min" or "max"');
      const factor = take('factor', 0.1, num, 'a number');
      if (factor >= 1) throw new RangeError(`keras ReduceLROnPlateau does not support a factor >= 1.0, got ${factor}`);
      const cooldown = take('cooldown', 0, nonNegInt, 'a non-negative integer');
      out = {
        mode: modeArg === 'auto' ? (monitor.includes('acc') ? 'max' : 'min') : modeArg,
        factor,
        patience: take('patience', 10, nonNegInt, 'a non-negative integer'),
        threshold: take('min_delta', 1e-4, (v) => num(v) && (v as number) >= 0, 'a non-negative number'),
        thresholdMode: 'abs',
        trigger: '>=',
        cooldown,
        cooldownFrom: 'reduction',
        minValue: take('min_lr', 0, num, 'a number'),
        eps: 0,
      };
      ignore('verbose');
      break;
    }
    case 'fastai': {
      const monitor = take('monitor', 'valid_loss', str, 'a string');
      const comp = take<string | undefined>('comp', undefined, (v) => v === 'less' || v === 'greater', '"less" or "greater" (np.less / np.greater)');
      const factor = take('factor', 10, num, 'a number');
      if (!(factor > 1)) throw new RangeError(`fastai ReduceLROnPlateau divides the lr by factor: it must be > 1, got ${factor}`);
      out = {
        mode: (comp ?? (monitor.includes('loss') || monitor.includes('error') ? 'less' : 'greater')) === 'less' ? 'min' : 'max',
        factor: 1 / factor,
        patience: take('patience', 1, nonNegInt, 'a non-negative integer'),
        threshold: take('min_delta', 0, (v) => num(v) && (v as number) >= 0, 'a non-negative number'),
        thresholdMode: 'abs',
        trigger: '>=',
        cooldown: 0,
        cooldownFrom: 'next',
        minValue: take('min_lr', 0, num, 'a number'),
        eps: 0,
      };
      ignore('reset_on_fit');
      break;
    }
    default:
      throw new RangeError(`peer must be "pytorch", "keras", "fastai" or "timm", got ${JSON.stringify(peer)}`);
  }
  const unknown = Object.keys(k);
  if (unknown.length > 0) throw new RangeError(`${peer} ReduceLROnPlateau: unknown argument${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
  return out;
}
