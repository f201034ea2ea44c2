// Scenarios in and out of the app: the current run as a scenario, share links (#s=…&t=…),
// with the fingerprint of the displayed state (&f=…), and loading a scenario from the page's
// URL, a link, a file or an object (src/scenario does
// the format, validation and compression; a bad link shows a clear message and the default
// scenario, never an exception and never its content as HTML). A link or file made with an
// older engine, or whose fingerprint does not match its replay, opens on this one with a plain
// notice saying its run may differ.

import { currentScenario, fingerprintNotice, loadScenarioInput } from '../scenario/api.ts';
import { stateFingerprint } from '../sim/index.ts';
import { shareBase } from '../offline/mode.ts';
import type { EngineId, Scenario } from '../scenario/format.ts';
import { hasScenario, hashToScenario, shareUrl } from '../scenario/url.ts';
import { asSentence, timeOnlyLink } from '../scenario/badInput.ts';
import { useApp } from './app.ts';
import { seek } from './playback.ts';
import { isLongReplay, seekWithProgress } from './longReplay.ts';
import { restartScenario } from './actions.ts';
import { toast } from './ui.ts';
import { compareOptions, enterCompare } from './compare.ts';
import { session } from './session.ts';
import { openExperiments } from './experimentsOpen.ts';
import { adoptChallenge } from './challenge.ts';
import { activeMeta, activeTour, adoptScenario, restoreDefaultIfLinked, setBrokenInput, showNotice } from './tour.ts';

/** The current run as a scenario. Throws an Error whose message is in the user's words (why it cannot be shared). */
export function currentScenarioOf(): Scenario {
  const { tm } = session();
  const tour = activeTour();
  try {
    return currentScenario(tm.options, tm.actions, tour.length > 0 ? tour : undefined, activeMeta(), compareOptions());
  } catch (err) {
    throw new Error(unshareableReason(err), { cause: err });
  }
}

/**
 * Why the current run cannot become a scenario, as a sentence for the user: the validator's
 * words without its prefix and field path (the field is the app's own script, not something the
 * user typed), e.g. "replaying this run to 7 h of simulated time is about 120 million events …".
 */
export function unshareableReason(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const words = raw.replace(/^invalid scenario: /, '').replace(/^[\w$.[\]]+: /, '');
  return asSentence(words.charAt(0).toUpperCase() + words.slice(1));
}

export function currentShareUrl(): string {
  return shareUrl(shareBase(), currentScenarioOf(), Math.round(useApp.getState().displayedTime), currentFingerprint());
}

/**
 * The link Share gives: a run with a guided tour opens at the tour's start (its intro, then step
 * 1), so a student does not land on a step with its answer on screen; `atStep` (the share
 * dialog's "Open at this step"), or a run without a tour, opens at this moment.
 */
export function shareLink(atStep = false): string {
  if (atStep || activeTour().length === 0) return currentShareUrl();
  return shareUrl(shareBase(), currentScenarioOf());
}

/** The fingerprint of the displayed state, for a share link (when the cluster is at the displayed time). */
export function currentFingerprint(): string | undefined {
  const { tm } = session();
  return tm.cluster.now === Math.round(useApp.getState().displayedTime) ? stateFingerprint(tm.cluster) : undefined;
}

/**
 * After a link opened at its time: when its fingerprint does not match the state it replayed to,
 * the plain notice that the run may differ from the one shared (an identical replay says nothing).
 */
function checkFingerprint(fingerprint: string | undefined): string | undefined {
  const notice = fingerprintNotice(session().tm.cluster, fingerprint);
  if (notice !== undefined) showNotice(notice);
  return notice;
}

/** What loading a scenario did: opened (made with `recordedWith`; `notice` shown when older) or why not. */
export type LoadOutcome = { ok: true; recordedWith: EngineId; notice?: string } | { ok: false; error: string };

/** Loads a scenario from any input raftlab.load accepts; shows an older engine's notice. Never throws. */
export function loadScenario(input: unknown): LoadOutcome {
  const r = loadScenarioInput(input);
  if (!r.ok) {
    toast(asSentence(r.error), 'error');
    setBrokenInput(r.raw);
    return { ok: false, error: r.error };
  }
  if (!restartScenario(r.scenario.options, r.scenario.actions)) return { ok: false, error: 'The scenario could not be started.' };
  adoptScenario(r.scenario, r.t, r.notice ?? null);
  if (r.scenario.compare !== undefined) enterCompare(r.scenario.compare.options);
  // a scenario carrying an experiment opens it in the Experiments dialog (not run: the user presses Run)
  if (r.scenario.experiment !== undefined) openExperiments(r.scenario.experiment);
  // a scenario carrying a challenge is played as that challenge (the goal card; docs/challenges.md)
  if (r.scenario.challenge !== undefined) adoptChallenge(r.scenario);
  const fingerprint = r.fingerprint;
  if (r.t !== null && isLongReplay(r.t)) {
    // much replay work: in slices, with progress and a cancel; the fingerprint is checked when done
    const t = r.t;
    seekWithProgress(t, (reached) => {
      if (r.notice === undefined && fingerprint !== undefined && reached === t) checkFingerprint(fingerprint);
    });
    return r.notice === undefined ? { ok: true, recordedWith: r.recordedWith } : { ok: true, recordedWith: r.recordedWith, notice: r.notice };
  }
  if (r.t !== null) seek(r.t);
  else if (r.scenario.challenge !== undefined) seek(r.scenario.challenge.start); // a challenge opens at its start
  let notice = r.notice;
  if (notice === undefined && fingerprint !== undefined) {
    seek(r.t ?? 0);
    notice = checkFingerprint(fingerprint);
  }
  return notice === undefined ? { ok: true, recordedWith: r.recordedWith } : { ok: true, recordedWith: r.recordedWith, notice };
}

/**
 * At start-up (and when the hash changes): the scenario in the page's hash, if any. A broken
 * link says why and keeps the default; a link made with an older engine opens with its notice.
 */
export function loadFromLocation(): void {
  if (typeof location === 'undefined') return;
  const hash = location.hash.replace(/^#/, '');
  if (hash === '' || !hasScenario(hash)) {
    restoreDefaultIfLinked(); // back to the entry before any shared scenario
    // only a time (#t=500): the default scenario at that time, said so; a bad time, said why
    const timeOnly = timeOnlyLink(hash);
    if (timeOnly !== null && 'error' in timeOnly) useApp.setState({ banner: timeOnly.error });
    else if (timeOnly !== null) {
      seekWithProgress(timeOnly.t); // paused; a long way with progress and a cancel
      toast(timeOnly.notice);
    }
    return;
  }
  const r = hashToScenario(hash);
  if (!r.ok) {
    restoreDefaultIfLinked();
    setBrokenInput(r.raw);
    useApp.setState({ banner: `${asSentence(r.error)} Showing the default scenario instead.` });
    return;
  }
  if (!restartScenario(r.scenario.options, r.scenario.actions)) {
    useApp.setState({ banner: 'This link’s scenario could not be started. Showing the default scenario instead.' });
    return;
  }
  adoptScenario(r.scenario, r.t, r.notice ?? null);
  if (r.scenario.compare !== undefined) enterCompare(r.scenario.compare.options);
  // a scenario carrying an experiment opens it in the Experiments dialog (not run: the user presses Run)
  if (r.scenario.experiment !== undefined) openExperiments(r.scenario.experiment);
  // a scenario carrying a challenge is played as that challenge (the goal card; docs/challenges.md)
  if (r.scenario.challenge !== undefined) adoptChallenge(r.scenario);
  const fingerprint = r.notice === undefined ? r.fingerprint : undefined;
  if (r.t !== null) {
    // a long replay runs in slices with progress and a cancel (longReplay.ts); paused either way
    const t = r.t;
    seekWithProgress(t, (reached) => {
      if (fingerprint !== undefined && reached === t) checkFingerprint(fingerprint);
    });
  } else if (fingerprint !== undefined) {
    seek(0);
    checkFingerprint(fingerprint);
  }
  // a challenge without a time opens at its start, paused
  if (r.t === null && r.scenario.challenge !== undefined) seek(r.scenario.challenge.start);
}

/** Copies the share link to the clipboard (and puts it in the address bar). */
export async function copyShareLink(): Promise<void> {
  let url: string;
  try {
    url = shareLink();
  } catch (err) {
    toast(err instanceof Error ? err.message : String(err), 'error');
    return;
  }
  try {
    history.replaceState(null, '', url);
  } catch {
    /* some embeddings forbid it */
  }
  try {
    await navigator.clipboard.writeText(url);
    toast('Link copied: it opens exactly this run at this moment.');
  } catch {
    toast('The link is in the address bar: copy it from there.');
  }
}
