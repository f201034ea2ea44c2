// The words for input raftlab cannot open: whole sentences (a message that goes on with
// "Showing the default scenario instead." needs its own full stop), a file that is not a
// scenario at all said to be so (not blamed on links), and a size refused together with the limit.

import { scenarioFromJson } from './api.ts';
import { LIMITS } from './format.ts';
import { hashParams, type HashResult } from './url.ts';

/** Files larger than this are not read at all. */
export const MAX_FILE_BYTES = 5_000_000;

/** `text` ending as a sentence: a full stop added unless it already ends with . ! ? or … (quotes and brackets after it count). */
export function asSentence(text: string): string {
  const t = text.trimEnd();
  if (t === '') return t;
  return /[.!?…]['"’”)\]]*$/.test(t) ? t : `${t}.`;
}

/** "2.4 MB", "812 KB", "96 bytes": a size as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  const mb = bytes / 1_000_000;
  return `${mb < 10 ? Math.round(mb * 10) / 10 : Math.round(mb)} MB`;
}

/** The message for a file over the limit: its size and the limit. */
export function fileTooLarge(name: string, bytes: number, limit = MAX_FILE_BYTES): string {
  return `Could not open ${name}: the file is too large (${formatBytes(bytes)}; a scenario file may be at most ${formatBytes(limit)}).`;
}

/**
 * Binary data, as far as text decoding shows: NUL or other control characters (not tab or line
 * breaks), or the replacement character U+FFFD a decoder puts for bytes that are not UTF-8.
 */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 4096);
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++;
  }
  return odd > 0 && odd * 50 > head.length;
}

/**
 * A scenario file's text (what File.text() gives) as a scenario, or a message naming the file
 * and what is wrong. A file is JSON, never a link: anything else is "not a raftlab scenario".
 * Never throws.
 */
export function scenarioFromFile(name: string, text: string): HashResult {
  const body = text.replace(/^\uFEFF/, '').trim();
  const notScenario = (why: string): HashResult => ({
    ok: false,
    error: `Could not open ${name}: it is not a raftlab scenario (${why}; a scenario file is the JSON text that Share › Download › Scenario (.json) saves).`,
    raw: text.slice(0, 2000),
  });
  if (looksBinary(body)) return notScenario('it holds binary data, not text');
  if (body === '') return notScenario('it is empty');
  if (!body.startsWith('{')) return notScenario('it is not JSON');
  const r = scenarioFromJson(body);
  if (!r.ok) return { ok: false, error: asSentence(r.error.replace('the scenario file', name)), raw: text.slice(0, 200_000) };
  const base = { ok: true as const, scenario: r.value, t: null, recordedWith: r.recordedWith };
  return r.notice === undefined ? base : { ...base, notice: r.notice };
}

/**
 * A link with a time but no scenario (`#t=500`): the default scenario at that time, with the
 * sentence saying so; or what is wrong with the time. Null: the hash has no `t` (nothing to say).
 */
export function timeOnlyLink(hash: string): { t: number; notice: string } | { error: string } | null {
  const params = hashParams(hash);
  if (params.has('s')) return null;
  const raw = params.get('t');
  if (raw === undefined) return null;
  if (!/^\d{1,10}(\.\d{1,6})?$/.test(raw) || Number(raw) > LIMITS.time) {
    return { error: `This link's time t=${raw.slice(0, 20)} is not a number of milliseconds from 0 to ${LIMITS.time}, and the link has no scenario (#s=…). Showing the default scenario instead.` };
  }
  const t = Math.round(Number(raw));
  return { t, notice: `This link has a time (t=${t}) but no scenario (#s=…): showing the default scenario at ${formatMs(t)}.` };
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}
