// The notice about a link, file or raftlab.load(…) made with an older engine: the scenario opens
// (on the current engine) and the app keeps a plain, dismissable notice until another scenario,
// a restart or Dismiss; one made with the current engine shows nothing.

import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE, type Scenario } from '../scenario/format.ts';
import { libraryScenario } from '../scenario/library.ts';
import { encodeScenario } from '../scenario/url.ts';
import { useApp } from './app.ts';
import { restartScenario } from './actions.ts';
import { createRaftlabHandle } from './scripting.ts';
import { currentScenarioOf, currentShareUrl, loadScenario } from './share.ts';
import { dismissNotice, followPlayback, openScenario, useTour } from './tour.ts';

const stopFollowing = followPlayback();
afterAll(() => stopFollowing());

function lab(): Scenario {
  const s = libraryScenario('lab');
  if (s === undefined) throw new Error('no lab');
  return s;
}

/** The lab as a link shared before links named their engine (no `e`: raftlab-1). */
function oldLink(t = 300): string {
  const { e: _e, ...wire } = JSON.parse(decompressFromEncodedURIComponent(encodeScenario(lab()))) as Record<string, unknown>;
  return `https://x.example/raftlab/#s=${compressToEncodedURIComponent(JSON.stringify(wire))}&t=${t}`;
}

const NOTICE = 'This link was made with an older raftlab (raftlab-1); the run you see may differ from the one that was shared.';
const notice = () => useTour.getState().notice;

describe('opening a scenario made with an older engine', () => {
  it('opens it and keeps the notice; the scenario held is on the current engine, so sharing it again writes the current id', () => {
    expect(loadScenario(oldLink())).toEqual({ ok: true, recordedWith: 'raftlab-1', notice: NOTICE });
    expect(notice()).toBe(NOTICE);
    expect(useApp.getState().banner).toBeNull(); // not an error
    expect(currentScenarioOf().engine).toBe(ENGINE);
    expect(currentScenarioOf().actions).toEqual(lab().actions);
    const again = loadScenario(currentShareUrl());
    expect(again).toEqual({ ok: true, recordedWith: ENGINE });
    expect(notice()).toBeNull();
  });

  it('Dismiss, another scenario or a restart with other settings removes the notice', () => {
    loadScenario(oldLink());
    dismissNotice();
    expect(notice()).toBeNull();

    loadScenario(oldLink());
    expect(openScenario(lab(), null)).toBe(true);
    expect(notice()).toBeNull();

    loadScenario(oldLink());
    expect(notice()).toBe(NOTICE);
    restartScenario({ seed: 9, nodes: 3 });
    expect(notice()).toBeNull();
  });

  it('a file opened with its notice shows it; a scenario that cannot be opened leaves the notice of the one on screen', () => {
    const fileNotice = 'This file was made with an older raftlab (raftlab-1); the run you see may differ from the one that was shared.';
    expect(openScenario(lab(), null, { notice: fileNotice })).toBe(true);
    expect(notice()).toBe(fileNotice);
    expect(loadScenario('#s=broken').ok).toBe(false);
    expect(notice()).toBe(fileNotice);
    dismissNotice();
  });

  it('raftlab.load(…) returns the engine it was made with and the notice (none for the current engine)', () => {
    const raftlab = createRaftlabHandle();
    expect(raftlab.load(oldLink(0))).toEqual({ recordedWith: 'raftlab-1', notice: NOTICE });
    expect(notice()).toBe(NOTICE);
    expect(raftlab.load(raftlab.shareUrl())).toEqual({ recordedWith: ENGINE });
    expect(notice()).toBeNull();
    expect(() => raftlab.load({ ...lab(), engine: 'raftlab-99' })).toThrow(
      `Could not load the scenario: engine: this scenario was made with a newer raftlab ('raftlab-99'); this page runs '${ENGINE}'`,
    );
  });
});
