// Share links: a scenario compressed into the URL's hash (`#s=…&t=…`).
//
// The link carries the scenario's compact wire form (wire.ts: options as a diff against the
// frozen v1 defaults, actions and tour as tuples, the engine id `e`), compressed with
// lz-string (compressToEncodedURIComponent).
// Decoding never throws: a damaged, truncated, oversized, unknown-version or invalid link gives
// a clear message and keeps the input so the user can copy it. Text fields come back exactly as
// written (plain strings); nothing here renders or evaluates them.

import lzString from 'lz-string'; // CommonJS: a default import works in Vite, Vitest, tsx and Node alike
import { replayWorkProblem } from './replayWork.ts';
import { LIMITS, assertScenario, parseScenario, type EngineId, type Scenario } from './format.ts';
import { decompressBounded } from './lz.ts';
import { fromWire, toWire, WireError } from './wire.ts';

export { V1_DEFAULTS, fromWire, toWire } from './wire.ts';

/** Characters of decompressed JSON a link may hold (checked while decompressing). */
export const MAX_DECODED_CHARS = 200_000;
/** Characters of the compressed `s` parameter accepted at all. */
export const MAX_ENCODED_CHARS = 600_000;

/** The `s` parameter of a link: the scenario validated, made compact and compressed. Throws on an invalid scenario. */
export function encodeScenario(s: Scenario): string {
  return lzString.compressToEncodedURIComponent(JSON.stringify(toWire(assertScenario(s))));
}

/**
 * The hash fragment (without '#'): `s=…`, `&t=…` when a displayed time is given (rounded to
 * whole ms), and `&f=…`, the fingerprint of the state the link opens at (stateFingerprint), when
 * the caller has the cluster at that moment.
 */
export function scenarioToHash(s: Scenario, t?: number | null, fingerprint?: string): string {
  let hash = `s=${encodeScenario(s)}`;
  if (t !== undefined && t !== null && Number.isFinite(t)) hash += `&t=${Math.min(LIMITS.time, Math.max(0, Math.round(t)))}`;
  if (fingerprint !== undefined && FINGERPRINT.test(fingerprint)) hash += `&f=${fingerprint}`;
  return hash;
}

/** A fingerprint as links carry it: hex digits. */
const FINGERPRINT = /^[0-9a-f]{1,32}$/;

/** A link to `baseHref`'s own page (any path, its query such as ?embed=1 kept) opening this scenario at `t`. */
export function shareUrl(baseHref: string, s: Scenario, t?: number | null, fingerprint?: string): string {
  const hash = scenarioToHash(s, t, fingerprint);
  try {
    const url = new URL(baseHref);
    url.hash = hash;
    return url.toString();
  } catch {
    const at = baseHref.indexOf('#');
    return (at >= 0 ? baseHref.slice(0, at) : baseHref) + '#' + hash;
  }
}

// ------------------------------------------------------------------ decoding

/**
 * A decoded link. The scenario is on the current engine; `recordedWith` is the engine the link
 * was made with and, when that is older, `notice` is the plain (non-error) sentence to show.
 */
export type HashResult =
  | { ok: true; scenario: Scenario; t: number | null; recordedWith: EngineId; notice?: string; fingerprint?: string }
  | { ok: false; error: string; raw: string };

/** Splits a hash fragment ("#s=…&t=…", '#' optional) into its parameters (first occurrence wins). */
export function hashParams(hash: string): Map<string, string> {
  const params = new Map<string, string>();
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (!params.has(key)) params.set(key, eq < 0 ? '' : part.slice(eq + 1));
  }
  return params;
}

/** Does this hash fragment carry a scenario at all (so the page should try to open it)? */
export function hasScenario(hash: string): boolean {
  return typeof hash === 'string' && hashParams(hash).has('s');
}

const PREFIX = 'Could not open the shared scenario: ';

/** Decodes a link's hash fragment. Never throws; on failure keeps the input in `raw`. */
export function hashToScenario(hash: string): HashResult {
  const raw = typeof hash === 'string' ? hash : String(hash);
  const error = (message: string): HashResult => ({ ok: false, error: PREFIX + message, raw });
  try {
    if (typeof hash !== 'string') return error('the link is not text.');
    if (hash.length > MAX_ENCODED_CHARS * 2) return error(`the link is too long (${hash.length} characters; at most ${MAX_ENCODED_CHARS}).`);
    const params = hashParams(hash);
    let s = params.get('s');
    if (s === undefined || s === '') return error('the link has no scenario in it (it should contain #s=…).');
    if (s.includes('%')) {
      try {
        s = decodeURIComponent(s);
      } catch {
        return error('the link is damaged: it has broken %-escapes.');
      }
    }
    if (s.length > MAX_ENCODED_CHARS) return error(`the link is too long (${s.length} characters; at most ${MAX_ENCODED_CHARS}).`);

    let t: number | null = null;
    const tParam = params.get('t');
    if (tParam !== undefined) {
      if (!/^\d{1,10}(\.\d{1,6})?$/.test(tParam) || Number(tParam) > LIMITS.time) {
        return error(`t: the time '${tParam.slice(0, 20)}' is not a number of milliseconds from 0 to ${LIMITS.time}.`);
      }
      t = Math.round(Number(tParam));
    }

    const text = decompressBounded(s, MAX_DECODED_CHARS);
    if (!text.ok) {
      switch (text.reason) {
        case 'too-large':
          return error(`the scenario is too large (over ${MAX_DECODED_CHARS.toLocaleString('en')} characters once decompressed).`);
        case 'alphabet':
          return error(`the link is damaged: character ${text.position ?? 0} of its scenario cannot be part of a raftlab link.`);
        default:
          return error('the link is damaged or incomplete: its scenario could not be decompressed. It may have been cut off when it was copied.');
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(text.text);
    } catch {
      return error('the link is damaged or incomplete: its scenario is not valid JSON once decompressed. It may have been cut off when it was copied.');
    }
    let full: unknown;
    try {
      full = fromWire(json);
    } catch (err) {
      if (err instanceof WireError) return error(err.message);
      throw err;
    }
    const parsed = parseScenario(full, { from: 'link' });
    if (!parsed.ok) return error(parsed.error);
    const { value: scenario, recordedWith, notice } = parsed;
    // opening at t replays the run to t: the same bound on work as the scenario's own end
    const work = t === null ? null : replayWorkProblem(scenario.options, t, 't');
    if (work !== null) return error(work);
    const result: HashResult = { ok: true, scenario, t, recordedWith };
    if (notice !== undefined) result.notice = notice;
    // The fingerprint of the state the link opens at, checked by whoever replays it
    // (fingerprintNotice). Anything but hex digits cannot be a fingerprint: kept, so it fails.
    const f = params.get('f');
    if (f !== undefined) result.fingerprint = f.slice(0, 64);
    return result;
  } catch (err) {
    return error(`unexpected problem (${err instanceof Error ? err.message : String(err)}).`);
  }
}

/** Decodes a full URL (or just its hash): the part after '#'. Never throws. */
export function urlToScenario(url: string): HashResult {
  if (typeof url !== 'string') return hashToScenario(url);
  const at = url.indexOf('#');
  return hashToScenario(at >= 0 ? url.slice(at + 1) : url);
}
