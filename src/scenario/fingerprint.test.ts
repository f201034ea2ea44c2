// Link fingerprints: a share link carries the fingerprint of the state it opens at; replaying it
// to the same state says nothing, a different state (an engine that behaved differently, or a
// tampered link) gives the plain notice. Never an error.

import { describe, expect, it } from 'vitest';
import { createCluster, stateFingerprint } from '../sim/index.ts';
import { clusterScenario, FINGERPRINT_NOTICE, fingerprintNotice, runScenario } from './api.ts';
import { hashToScenario, scenarioToHash } from './url.ts';

function sharedAt(t: number) {
  const c = createCluster({ seed: 4, nodes: 3, workload: { clients: 1, opsPerSecond: 20 } });
  c.runFor(t);
  c.crash(c.ids[0]);
  c.runFor(200);
  return { scenario: clusterScenario(c), t: c.now, fingerprint: stateFingerprint(c) };
}

describe('stateFingerprint', () => {
  it('is 12 hex digits, the same for the same run, different for a different moment', () => {
    const a = sharedAt(800);
    const b = sharedAt(800);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(a.fingerprint).toBe(b.fingerprint);
    const c = createCluster(a.scenario.options, a.scenario.actions);
    c.runFor(a.t + 300); // clients and heartbeats have changed it by then
    expect(stateFingerprint(c)).not.toBe(a.fingerprint);
  });
});

describe('fingerprints in links', () => {
  it('a link carries &f=… and its replay to the link’s time matches: no notice', () => {
    const shared = sharedAt(1000);
    const hash = scenarioToHash(shared.scenario, shared.t, shared.fingerprint);
    expect(hash).toMatch(new RegExp(`&t=${shared.t}&f=${shared.fingerprint}$`));
    const r = hashToScenario(hash);
    expect(r.ok && r.fingerprint).toBe(shared.fingerprint);
    if (!r.ok) return;
    const replayed = runScenario(r.scenario, r.t ?? 0);
    expect(fingerprintNotice(replayed, r.fingerprint)).toBeUndefined();
  });

  it('a fingerprint that does not match the replay gives the plain notice', () => {
    const shared = sharedAt(1000);
    const r = hashToScenario(scenarioToHash(shared.scenario, shared.t, 'ffffffffffff'));
    if (!r.ok) throw new Error(r.error);
    expect(fingerprintNotice(runScenario(r.scenario, r.t ?? 0), r.fingerprint)).toBe(FINGERPRINT_NOTICE);
    // garbage in the parameter is not a fingerprint of anything: the same notice, no error
    const g = hashToScenario(scenarioToHash(shared.scenario, shared.t) + '&f=<b>x</b>');
    expect(g.ok).toBe(true);
    if (g.ok) expect(fingerprintNotice(runScenario(g.scenario, g.t ?? 0), g.fingerprint)).toBe(FINGERPRINT_NOTICE);
  });

  it('a link made before fingerprints (none) is not checked', () => {
    const shared = sharedAt(1000);
    const r = hashToScenario(scenarioToHash(shared.scenario, shared.t));
    expect(r.ok && r.fingerprint).toBeUndefined();
    if (r.ok) expect(fingerprintNotice(runScenario(r.scenario, r.t ?? 0), r.fingerprint)).toBeUndefined();
  });
});
