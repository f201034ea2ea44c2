// Unfinished tours are kept in the browser (localStorage) while the tour editor is open, and
// offered again on the next visit. The draft is a whole scenario (options, actions, tour).

import { parseScenario, type Scenario } from '../scenario/format.ts';

export const DRAFT_KEY = 'raftlab.tourDraft';

export interface Draft {
  scenario: Scenario;
  savedAt: number;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function saveDraft(scenario: Scenario, savedAt: number = Date.now()): void {
  try {
    storage()?.setItem(DRAFT_KEY, JSON.stringify({ scenario, savedAt }));
  } catch {
    /* full or private mode: the draft is not kept */
  }
}

/** The saved draft, validated; null when none or when it is unreadable (then it is removed). */
export function loadDraft(): Draft | null {
  const s = storage();
  const raw = s?.getItem(DRAFT_KEY) ?? null;
  if (raw === null) return null;
  try {
    const d = JSON.parse(raw) as { scenario?: unknown; savedAt?: unknown };
    const r = parseScenario(d.scenario);
    if (!r.ok) throw new Error(r.error);
    return { scenario: r.value, savedAt: typeof d.savedAt === 'number' ? d.savedAt : 0 };
  } catch {
    clearDraft();
    return null;
  }
}

export function clearDraft(): void {
  try {
    storage()?.removeItem(DRAFT_KEY);
  } catch {
    /* nothing kept */
  }
}
