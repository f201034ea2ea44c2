// Which challenges this browser has solved, kept in localStorage (versioned). Stored data that
// is not what this page wrote — another version, damaged, edited by hand — is ignored, never an
// error; entries are checked one by one so one bad entry does not lose the rest.

export const PROGRESS_KEY = 'raftlab.challenges';
export const PROGRESS_VERSION = 1;

export interface Solved {
  /** Actions used by the best solution (fewest). */
  actions: number;
  /** Simulated ms from the start to the goal, of that solution. */
  timeMs: number;
}

export type Progress = Record<string, Solved>;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storage(): Store | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled (privacy settings, sandboxed frames)
  }
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 1e12;

/** The solved challenges by id; {} when nothing valid is stored. */
export function loadProgress(store: Store | null = storage()): Progress {
  const out: Progress = Object.create(null) as Progress;
  try {
    const raw = store?.getItem(PROGRESS_KEY);
    if (raw === null || raw === undefined || raw.length > 200_000) return out;
    const data = JSON.parse(raw) as unknown;
    if (typeof data !== 'object' || data === null || (data as { v?: unknown }).v !== PROGRESS_VERSION) return out;
    const solved = (data as { solved?: unknown }).solved;
    if (typeof solved !== 'object' || solved === null || Array.isArray(solved)) return out;
    for (const [id, s] of Object.entries(solved)) {
      if (id.length > 100 || typeof s !== 'object' || s === null) continue;
      const { actions, timeMs } = s as Record<string, unknown>;
      if (isCount(actions) && isCount(timeMs)) out[id] = { actions, timeMs };
    }
  } catch {
    /* not JSON: ignored */
  }
  return out;
}

function save(p: Progress, store: Store | null): void {
  try {
    store?.setItem(PROGRESS_KEY, JSON.stringify({ v: PROGRESS_VERSION, solved: p }));
  } catch {
    /* full or disabled: progress is a convenience */
  }
}

/** Records a solution of challenge `id`, keeping the one with the fewest actions (then the quickest). */
export function recordSolved(id: string, s: Solved, store: Store | null = storage()): Progress {
  const p = loadProgress(store);
  const old = p[id];
  if (old === undefined || s.actions < old.actions || (s.actions === old.actions && s.timeMs < old.timeMs)) p[id] = { ...s };
  save(p, store);
  return p;
}

/** Forgets one challenge's progress, or every challenge's (no id). */
export function resetProgress(id?: string, store: Store | null = storage()): Progress {
  if (id === undefined) {
    try {
      store?.removeItem(PROGRESS_KEY);
    } catch {
      /* ignored */
    }
    return Object.create(null) as Progress;
  }
  const p = loadProgress(store);
  delete p[id];
  save(p, store);
  return p;
}
