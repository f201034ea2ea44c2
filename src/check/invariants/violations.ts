// The violations a monitor found, per property: each counted once per key (the same fault seen
// again by later events is not a new violation), the first `maxKept` kept, earliest first.

import { PROPERTY_DESCRIPTIONS, PROPERTY_IDS, PROPERTY_NAMES, type PropertyId, type PropertyStatus, type Violation } from './properties.ts';

export interface ViolationLog {
  /** Records a violation found at `at` by event number `event`; null when its key was reported already. */
  report: (property: PropertyId, key: string, v: Omit<Violation, 'property' | 'at' | 'event'>, at: number, event: number) => Violation | null;
  properties: () => PropertyStatus[];
  ok: () => boolean;
  violations: () => Violation[];
}

export function createViolationLog(maxKept: number): ViolationLog {
  const status = new Map<PropertyId, { kept: Violation[]; count: number; keys: Set<string> }>();
  for (const id of PROPERTY_IDS) status.set(id, { kept: [], count: 0, keys: new Set() });
  const allKept: Violation[] = [];
  return {
    report(property, key, v, at, event) {
      const s = status.get(property);
      if (s === undefined || s.keys.has(key)) return null;
      s.keys.add(key);
      s.count++;
      const violation: Violation = { property, at, event, ...v };
      if (s.kept.length < maxKept) {
        s.kept.push(violation);
        allKept.push(violation);
      }
      return violation;
    },
    properties(): PropertyStatus[] {
      return PROPERTY_IDS.map((id) => {
        const s = status.get(id);
        const kept = s?.kept ?? [];
        return {
          id,
          name: PROPERTY_NAMES[id],
          description: PROPERTY_DESCRIPTIONS[id],
          state: (s?.count ?? 0) > 0 ? 'violated' : 'holding',
          violations: kept.slice(),
          count: s?.count ?? 0,
        };
      });
    },
    ok(): boolean {
      for (const s of status.values()) if (s.count > 0) return false;
      return true;
    },
    violations(): Violation[] {
      return allKept.slice();
    },
  };
}
