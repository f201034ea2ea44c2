// What the app exposes on window.raftlab for scenarios, and pure helpers the UI calls:
// build the current scenario, validate one from a file / link / object, export it as JSON,
// replay it through the engine, edit a tour, make share and embed links.
// Everything here is deterministic: a scenario runs through the engine only.

import { createCluster, resolveOptions, stateFingerprint } from '../sim/index.ts';
import type { Action, Cluster, ClusterOptions, ResolvedOptions, TraceEvent } from '../sim/index.ts';
import {
  ENGINE,
  FORMAT_VERSION,
  assertScenario,
  parseScenario,
  scenarioEnd,
  type Result,
  type Scenario,
  type ScenarioResult,
  type TourStep,
} from './format.ts';
import { MAX_DECODED_CHARS, hashToScenario, shareUrl, type HashResult } from './url.ts';

export interface ScenarioMeta {
  title?: string;
  description?: string;
}

/**
 * The scenario of a run: options (resolved here, every default written out), its action script
 * (pass exactly cluster.actions()) and optionally a tour, title and description, and pane B's
 * options when comparing side by side. Throws with a message naming the field when something
 * is invalid.
 */
export function currentScenario(
  options: ClusterOptions | ResolvedOptions | undefined,
  actions: readonly Action[],
  tour?: readonly TourStep[],
  meta: ScenarioMeta = {},
  compareOptions?: ClusterOptions | ResolvedOptions | null,
): Scenario {
  const s: Record<string, unknown> = {
    v: FORMAT_VERSION,
    engine: ENGINE,
    options: resolveOptions(options ?? {}),
    actions: structuredClone(actions),
  };
  if (tour !== undefined) s.tour = structuredClone(tour);
  if (compareOptions !== undefined && compareOptions !== null) s.compare = { options: resolveOptions(compareOptions) };
  if (meta.title !== undefined) s.title = meta.title;
  if (meta.description !== undefined) s.description = meta.description;
  return assertScenario(s);
}

/** The scenario of a live cluster (its options and its action script so far). */
export function clusterScenario(cluster: Cluster, tour?: readonly TourStep[], meta: ScenarioMeta = {}): Scenario {
  return currentScenario(cluster.options, cluster.actions(), tour, meta);
}

// ------------------------------------------------------------------ files and any input

/** A scenario as a .json file's text (pretty, every field written out). */
export function scenarioToJson(s: Scenario): string {
  return JSON.stringify(assertScenario(s), null, 2) + '\n';
}

/**
 * Reads a .json scenario file's text. Never throws. A file made with an older engine (or with no
 * `engine` field: raftlab-1) opens on this one with a `notice` ("This file was made with an older
 * raftlab …"); an unknown engine id is an error.
 */
export function scenarioFromJson(text: string): ScenarioResult {
  if (typeof text !== 'string') return { ok: false, error: 'Could not open the scenario file: it is not text.' };
  if (text.length > MAX_DECODED_CHARS * 5) {
    return { ok: false, error: `Could not open the scenario file: it is too large (${text.length} characters; at most ${MAX_DECODED_CHARS * 5}).` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'Could not open the scenario file: it is not valid JSON.' };
  }
  const r = parseScenario(json, { from: 'file' });
  return r.ok ? r : { ok: false, error: `Could not open the scenario file: ${r.error}` };
}

/** A successful parse as a HashResult (no time), its engine notice kept. */
function opened(r: Extract<ScenarioResult, { ok: true }>): HashResult {
  const base = { ok: true as const, scenario: r.value, t: null, recordedWith: r.recordedWith };
  return r.notice === undefined ? base : { ...base, notice: r.notice };
}

/**
 * Whatever a user hands `raftlab.load(…)`: a scenario object, a share URL, a bare hash
 * ("#s=…" or "s=…"), or a scenario file's JSON text. Never throws. Made with an older engine,
 * it opens with a `notice` to show (see parseScenario).
 */
export function loadScenarioInput(input: unknown): HashResult {
  if (typeof input === 'string') {
    const text = input.trim();
    if (text.startsWith('{')) {
      const r = scenarioFromJson(text);
      return r.ok ? opened(r) : { ok: false, error: r.error, raw: input };
    }
    const at = text.indexOf('#');
    return hashToScenario(at >= 0 ? text.slice(at + 1) : text);
  }
  const r = parseScenario(input);
  if (r.ok) return opened(r);
  let raw: string;
  try {
    raw = JSON.stringify(input) ?? String(input);
  } catch {
    raw = String(input);
  }
  return { ok: false, error: `Could not load the scenario: ${r.error}`, raw };
}

// ------------------------------------------------------------------ running

/**
 * Replays a scenario through the engine up to `until` (default: its end, the last action or
 * tour step), calling `listener` for every trace event. An action the cluster refuses when its
 * time comes (a message id that is not on the wire then, a transfer to a server that is not a
 * voter) is skipped, as the live API would refuse it, and listed by `cluster.refusedActions()`;
 * `checkReplay` reports the first one.
 */
/** The notice when a link's fingerprint does not match the state it replays to (docs/scenarios.md, "Fingerprints"). */
export const FINGERPRINT_NOTICE = 'This link was made with an older raftlab; the run you see may differ from the one that was shared.';

/**
 * A link's fingerprint against the cluster it opened to (at the link's time): undefined when it
 * matches (or the link has none), else the plain notice. Never an error: the run still plays.
 */
export function fingerprintNotice(cluster: Pick<Cluster, 'ids' | 'peek' | 'inFlight'>, fingerprint: string | undefined): string | undefined {
  if (fingerprint === undefined) return undefined;
  return stateFingerprint(cluster) === fingerprint ? undefined : FINGERPRINT_NOTICE;
}

export function runScenario(s: Scenario, until: number = scenarioEnd(s), listener?: (e: TraceEvent) => void): Cluster {
  const cluster = createCluster(s.options, s.actions);
  if (listener !== undefined) cluster.subscribe(listener);
  cluster.runFor(until);
  return cluster;
}

/**
 * Checks that every action of a scenario can be replayed (the schema cannot know whether a
 * message id will be on the wire or a client idle at that moment): runs it to its end and
 * returns the cluster, or the first action the cluster refused (skipped), named by its index
 * in `s.actions`, with the reason the live call would have given.
 */
export function checkReplay(s: Scenario): Result<Cluster> {
  const cluster = createCluster(s.options, s.actions);
  // Scripted actions are taken in order, each either applied (an `action` event) or refused
  // (listed, no event): the first refusal's index is the number of actions applied before it.
  let applied = 0;
  let appliedBeforeRefusal: number | null = null;
  cluster.subscribe((e) => {
    if (e.type !== 'action') return;
    if (appliedBeforeRefusal === null && cluster.refusedActions().length > 0) appliedBeforeRefusal = applied;
    applied++;
  });
  cluster.runFor(scenarioEnd(s));
  const refused = cluster.refusedActions();
  if (refused.length === 0) return { ok: true, value: cluster };
  const i = appliedBeforeRefusal ?? applied;
  const { action, reason } = refused[0];
  return { ok: false, error: `actions[${i}] (at ${action.at} ms) could not be replayed: ${action.type}: ${reason}` };
}

export { stableStringify } from '../check/stable.ts';

// ------------------------------------------------------------------ tours

/** A copy of the scenario with the step added in time order (after steps at the same time). */
export function addTourStep(s: Scenario, step: TourStep): Scenario {
  const tour = (s.tour ?? []).slice();
  let i = tour.length;
  while (i > 0 && tour[i - 1].at > step.at) i--;
  tour.splice(i, 0, structuredClone(step));
  return assertScenario({ ...s, tour });
}

/** A copy with step `index` replaced (re-sorted by time). */
export function updateTourStep(s: Scenario, index: number, step: TourStep): Scenario {
  const tour = (s.tour ?? []).slice();
  if (index < 0 || index >= tour.length) throw new Error(`updateTourStep: no step ${index} (the tour has ${tour.length})`);
  tour.splice(index, 1);
  return addTourStep({ ...s, tour }, step);
}

/** A copy without step `index`. */
export function removeTourStep(s: Scenario, index: number): Scenario {
  const tour = (s.tour ?? []).slice();
  if (index < 0 || index >= tour.length) throw new Error(`removeTourStep: no step ${index} (the tour has ${tour.length})`);
  tour.splice(index, 1);
  return assertScenario({ ...s, tour });
}

/** The index of the tour step shown at time t: the last one whose time is ≤ t, or -1. */
export function tourStepAt(s: Scenario, t: number): number {
  const tour = s.tour ?? [];
  let found = -1;
  for (let i = 0; i < tour.length; i++) if (tour[i].at <= t) found = i;
  return found;
}

// ------------------------------------------------------------------ embedding

/** The share link with `embed=1` in its query: the view without chrome, for an iframe. */
export function embedUrl(baseHref: string, s: Scenario, t?: number | null): string {
  const link = shareUrl(baseHref, s, t);
  try {
    const url = new URL(link);
    url.searchParams.set('embed', '1');
    return url.toString();
  } catch {
    const at = link.indexOf('#');
    const [head, hash] = at >= 0 ? [link.slice(0, at), link.slice(at)] : [link, ''];
    return head + (head.includes('?') ? '&' : '?') + 'embed=1' + hash;
  }
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The `<iframe>` snippet for a course page or slide; every attribute escaped. */
export function embedSnippet(baseHref: string, s: Scenario, t?: number | null, size: { width?: number; height?: number } = {}): string {
  const width = Math.max(200, Math.round(size.width ?? 960));
  const height = Math.max(150, Math.round(size.height ?? 540));
  const title = s.title ?? 'Raft simulation';
  return (
    `<iframe src="${escapeAttribute(embedUrl(baseHref, s, t))}" width="${width}" height="${height}" ` +
    `style="border:0" loading="lazy" title="${escapeAttribute(title)}"></iframe>`
  );
}

export { scenarioEnd, parseScenario, assertScenario };

// ------------------------------------------------------------------ window.raftlab

/** What the app provides so the console API can read and replace the current scenario. */
export interface ScenarioHost {
  options(): ResolvedOptions;
  /** The action script (cluster.actions() of the current branch). */
  actions(): readonly Action[];
  tour?(): readonly TourStep[] | undefined;
  meta?(): ScenarioMeta;
  /** Pane B's options while comparing side by side, else null. */
  compare?(): ResolvedOptions | null;
  /** The displayed time, simulated ms. */
  time(): number;
  /** The fingerprint of the cluster at the displayed time (stateFingerprint), for share links. */
  fingerprint?(): string;
  /** The page's address (location.href). */
  href(): string;
  /**
   * Replace the current scenario and show time t (null: its start). `notice`: the sentence to
   * show when it was made with an older engine (not an error; absent when there is nothing to say).
   */
  load(scenario: Scenario, t: number | null, notice?: string): void;
}

export interface ScenarioConsoleApi {
  /** The current scenario object. */
  scenario(): Scenario;
  /** The link Share would copy. */
  shareUrl(): string;
  /**
   * Open a scenario object, a share URL, a hash or a scenario file's JSON; throws with a clear
   * message if invalid. Returns the scenario as opened (on the current engine); an older
   * engine's notice goes to the host's `load`.
   */
  load(input: unknown): Scenario;
}

/** The scenario part of window.raftlab: `raftlab.scenario()`, `raftlab.shareUrl()`, `raftlab.load(…)`. */
export function scenarioConsoleApi(host: ScenarioHost): ScenarioConsoleApi {
  const scenario = () =>
    currentScenario(host.options(), host.actions(), host.tour?.() ?? undefined, host.meta?.() ?? {}, host.compare?.() ?? null);
  return {
    scenario,
    shareUrl: () => shareUrl(host.href(), scenario(), host.time(), host.fingerprint?.()),
    load: (input: unknown) => {
      const r = loadScenarioInput(input);
      if (!r.ok) throw new Error(r.error);
      host.load(r.scenario, r.t, r.notice);
      return r.scenario;
    },
  };
}
