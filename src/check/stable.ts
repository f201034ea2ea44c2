// One stable rendering of data as text: JSON with object keys sorted, so that equal data gives
// an equal string whatever the key order. The safety monitor hashes commands with it, the
// explorer fingerprints them, and src/scenario re-exports it (golden traces, equality checks).
// No imports: any layer above src/sim may use it.

/** JSON with object keys sorted, so that equal commands give equal strings. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
    if (typeof value === 'bigint') return `${value.toString()}n`;
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((v: unknown) => stableStringify(v)).join(',')}]`;
  if (value instanceof Map) {
    const items = [...value.entries()].map(([k, v]) => `${stableStringify(k)}:${stableStringify(v)}`).sort();
    return `Map{${items.join(',')}}`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${stableStringify(v)}`);
  }
  return `{${parts.join(',')}}`;
}
