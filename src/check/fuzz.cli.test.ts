// The fuzz CLI end to end: worker threads, exit codes, clear errors for bad arguments, and a
// failing scenario printed as replayable JSON.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE } from '../sim/engine.ts';
import { defaultFuzzProfile, replay, type Scenario } from './fuzz.ts';

const root = join(import.meta.dirname, '..', '..');

function fuzz(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/fuzz.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run fuzz', () => {
  it.each([
    [['--seeds', 'many'], '--seeds must be a whole number'],
    [['--faults', 'crash,meteor'], "--faults: unknown fault 'meteor'"],
    [['--frobnicate'], "unknown option '--frobnicate'"],
    [['--profile', '{"bounceChance":2}'], 'profile.bounceChance: must be a probability from 0 to 1, got 2'],
    [['--mutations', 'nope'], "--mutations: unknown mutation 'nope'"],
  ])('rejects %j with a clear message and exit code 2', (args, message) => {
    const r = fuzz(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`fuzz: ${message}`);
    expect(r.stderr).toContain('Usage: npm run fuzz');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 0 when nothing is violated, running on worker threads', () => {
    const r = fuzz('--seeds', '6', '--ms', '4000', '--workers', '2');
    expect(r.stderr).toContain('6/6 seeds');
    expect(r.stderr).toContain('resume: --start 7'); // every seed below 7 is done
    expect(r.stdout).toContain('raftlab fuzz: 6 seeds (1..6), 5 nodes × 4000 ms, variant none');
    expect(r.stdout).toContain('No violation');
    expect(r.code).toBe(0);
  });

  it('exits 1 on a violation and prints the shrunk scenario as JSON that replays to it', () => {
    const r = fuzz('--variant', 'vote-without-log-check', '--seeds', '4', '--workers', '1', '--stop-on-failure', '--shrink-attempts', '60');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Leader Completeness violated');
    const line = r.stdout.split('\n').find((l) => l.startsWith(`{"v":1,"engine":"${ENGINE}"`));
    expect(line).toBeDefined();
    const scenario = JSON.parse(line ?? '{}') as Scenario;
    const until = Number(/runFor\((\d+)\)/.exec(r.stdout)?.[1]);
    const again = replay({ scenario, until, stableStart: until, liveness: false, linearizability: false });
    expect(again.failure?.property).toBe('leader-completeness');
    // The profile every seed ran with, and the failure as JSON with it.
    expect(r.stdout).toContain('Fuzz profile (the defaults for variant vote-without-log-check, load clients): {"preVoteChance":0.3,');
    const failureLine = r.stdout.split('\n').find((l) => l.startsWith('Failure: {'));
    const failure = JSON.parse(failureLine?.slice('Failure: '.length) ?? '{}') as { seed: number; failure: { property: string }; fuzz: { variant: string; profile: unknown } };
    expect(failure.failure.property).toBe('leader-completeness');
    expect(failure.fuzz.variant).toBe('vote-without-log-check');
    expect(failure.fuzz.profile).toEqual(defaultFuzzProfile('vote-without-log-check', 'clients'));
  });

  it('--swarm --mutations: a bug of issue #12 put back is found, said at once, and the run exits 1', () => {
    const r = fuzz('--swarm', '--mutations', 'catch-up-never-aborts', '--seeds', '1', '--ms', '8000', '--nodes', '3', '--faults', 'membership', '--workers', '1', '--no-shrink',
      '--profile', '{"newServerCrashChance":1,"stayDownChance":1,"removeServerChance":0}');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/seed 1 failed: Liveness: A membership change never completed/);
    expect(r.stdout).toContain('"swarm":true,"mutations":["catch-up-never-aborts"]');
  });
});
