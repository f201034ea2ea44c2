// How times read in tours (the panel, its step dots, the editor, the highlight picker): whole
// milliseconds under a second ("250 ms"), seconds above, with only the digits that matter
// ("20 s", "1.1 s", "2.608 s") — a lecture's "at 20.000 s" reads as false precision.

/** A simulated time for a tour: "250 ms", "20 s", "1.1 s", "2.608 s". */
export function formatTourTime(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const whole = Math.round(ms);
  if (Math.abs(whole) < 1000) return `${whole} ms`;
  // at most three decimals (whole ms), trailing zeros dropped
  const s = (whole / 1000).toFixed(3).replace(/\.?0+$/, '');
  return `${s} s`;
}
