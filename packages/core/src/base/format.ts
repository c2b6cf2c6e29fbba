/** A short, readable number: 4 significant digits, no float noise (1e-3 to 1e6 plain, else 1.5e-7). */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e6) return String(Number(v.toPrecision(4)));
  return v.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e');
}
