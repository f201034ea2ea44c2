// `npm run fuzz -- --seeds 1000 [--nodes 5] [--ms 20000] [--variant NAME] [--faults crash,partition,…]`
//
// Runs seeded chaos scenarios on every core (worker_threads), checking the five safety
// properties after every event, liveness at the end and linearizability of the client history.
// On a failure, the lowest failing seed is shrunk and printed as a replayable scenario (JSON).
// Exit code: 0 when nothing was violated, 1 when something was, 2 for bad arguments.
// The core (scenarios, checks, shrinking) is src/check/fuzz.ts; this file is the plumbing.

import { availableParallelism } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  DEFAULT_FAULTS,
  FAULTS,
  FUZZ_VARIANTS,
  FuzzConfigError,
  describeFailure,
  fuzzSeed,
  profileChanges,
  resolveFuzzConfig,
  shrink,
  type Fault,
  type FuzzConfig,
  type FuzzFailure,
  type FuzzProfile,
  type FuzzVariant,
  type ReplaySpec,
  type Scenario,
} from '../src/check/fuzz.ts';
import { MUTATIONS, isMutation, withMutations, type Mutation } from '../src/raft/mutations.ts';

// ------------------------------------------------------------------------------------------
// Arguments

interface CliOptions {
  seeds: number;
  start: number;
  workers: number;
  shrink: boolean;
  shrinkAttempts: number;
  stopOnFailure: boolean;
  out: string | null;
  base: string;
  config: FuzzConfig;
}

const USAGE = `Usage: npm run fuzz -- [options]

  --seeds N           how many seeds to run (default 1000)
  --start S           first seed (default 1): seeds S, S+1, … S+N-1. Progress lines end with
                      'resume: --start R': every seed below R is done, so a run cut off goes on
                      with --start R (and --seeds reduced by R - S)
  --nodes N           servers per cluster, 1..15 (default 5)
  --ms N              simulated milliseconds per run, stable period included (default 20000)
  --variant NAME      a deliberately broken Raft: ${FUZZ_VARIANTS.filter((v) => v !== 'none').join(', ')}
  --faults LIST       comma-separated, from: ${FAULTS.join(', ')}
                      (default ${DEFAULT_FAULTS.join(',')}); "none" for no faults
  --swarm             swarm testing: each seed switches a random subset of the faults (default
                      all of them) and features on, transfers to any server, re-adds removed
                      servers, goes down to one voter, leaves servers down for good, replays a
                      share of seeds as scripts (docs/safety.md)
  --mutations LIST    test-only: put issue #12's bugs back (${Object.keys(MUTATIONS).join(', ')})
  --load KIND         clients (generated workload + requests) or proposals (commands proposed
                      to the leader; the default for commit-old-terms)
  --profile JSON      fuzz profile fields to change, as JSON or a .json file, e.g.
                      '{"bounceChance":0.5,"downForMs":[50,500]}' (docs/safety.md lists them);
                      every failure prints the whole profile it ran with
  --workers N         worker threads (default: every core, ${availableParallelism()} here)
  --stop-on-failure   stop at the first failing seed
  --no-shrink         print the failing scenario as found, without shrinking it
  --shrink-attempts N replays the shrinker may try (default 1000)
  --out FILE          also write the (shrunk) failing scenario to FILE as JSON, and the failure
                      (seed, failure, configuration and profile) to FILE with .failure.json
  --base URL          where the app runs, for the replay link (default http://127.0.0.1:5173/)
  --help              this text`;

class UsageError extends Error {}

function parseArgs(argv: string[]): CliOptions | 'help' {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const valued = new Set(['--seeds', '--start', '--nodes', '--ms', '--variant', '--faults', '--load', '--profile', '--workers', '--shrink-attempts', '--out', '--base', '--mutations']);
  const booleans = new Set(['--no-shrink', '--stop-on-failure', '--swarm', '--help', '-h']);
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.indexOf('=');
    const name = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    if (booleans.has(name)) {
      flags.add(name);
      continue;
    }
    if (!valued.has(name)) throw new UsageError(`unknown option '${raw}'`);
    let value: string | undefined;
    if (eq > 0 && raw.startsWith('--')) value = raw.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '' || (value.startsWith('--') && eq < 0)) throw new UsageError(`${name} needs a value`);
    values.set(name, value);
  }
  if (flags.has('--help') || flags.has('-h')) return 'help';

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const v = values.get(name);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v)) throw new UsageError(`${name} must be a whole number, got '${v}'`);
    const n = Number(v);
    if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${n}`);
    return n;
  };
  const variant = values.get('--variant') ?? 'none';
  if (!(FUZZ_VARIANTS as readonly string[]).includes(variant)) {
    throw new UsageError(`--variant: unknown variant '${variant}' (known: ${FUZZ_VARIANTS.join(', ')})`);
  }
  let faults: Fault[] | undefined;
  const faultList = values.get('--faults');
  if (faultList !== undefined) {
    faults = [];
    if (faultList !== 'none') {
      for (const f of faultList.split(',').map((x) => x.trim()).filter((x) => x !== '')) {
        if (!(FAULTS as readonly string[]).includes(f)) throw new UsageError(`--faults: unknown fault '${f}' (known: ${FAULTS.join(', ')})`);
        faults.push(f as Fault);
      }
    }
  }
  const load = values.get('--load');
  if (load !== undefined && load !== 'clients' && load !== 'proposals') {
    throw new UsageError(`--load must be 'clients' or 'proposals', got '${load}'`);
  }
  const mutations: Mutation[] = [];
  for (const m of (values.get('--mutations') ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '')) {
    if (!isMutation(m)) throw new UsageError(`--mutations: unknown mutation '${m}' (known: ${Object.keys(MUTATIONS).join(', ')})`);
    mutations.push(m);
  }
  const profileArg = values.get('--profile');
  const profile = profileArg === undefined ? undefined : readProfile(profileArg);
  let config: FuzzConfig;
  try {
    config = resolveFuzzConfig({
      nodes: int('--nodes', 5, 1, 15),
      ms: int('--ms', 20000, 500, 3_600_000),
      variant: variant as FuzzVariant,
      ...(faults !== undefined ? { faults } : {}),
      ...(load !== undefined ? { load } : {}),
      ...(profile !== undefined ? { profile } : {}),
      swarm: flags.has('--swarm'),
      mutations,
    });
  } catch (e) {
    if (e instanceof FuzzConfigError) throw new UsageError(e.message);
    throw e;
  }
  const seeds = int('--seeds', 1000, 1, 100_000_000);
  return {
    seeds,
    start: int('--start', 1, 0, 0xffffffff - seeds + 1),
    workers: Math.min(int('--workers', availableParallelism(), 1, 256), seeds),
    shrink: !flags.has('--no-shrink'),
    shrinkAttempts: int('--shrink-attempts', 1000, 1, 1_000_000),
    stopOnFailure: flags.has('--stop-on-failure'),
    out: values.get('--out') ?? null,
    base: values.get('--base') ?? 'http://127.0.0.1:5173/',
    config,
  };
}

/** `--profile`: inline JSON (starting with '{') or the path of a .json file. */
function readProfile(arg: string): Partial<FuzzProfile> {
  let text = arg;
  if (!arg.trimStart().startsWith('{')) {
    try {
      text = readFileSync(arg, 'utf8');
    } catch {
      throw new UsageError(`--profile: expected JSON or a readable .json file, got '${arg}'`);
    }
  }
  try {
    return JSON.parse(text) as Partial<FuzzProfile>;
  } catch {
    throw new UsageError(`--profile: not valid JSON: ${arg.length > 60 ? `${arg.slice(0, 59)}…` : arg}`);
  }
}

/** The profile a run used, one line: which fields differ from the defaults, and all of it as JSON. */
function profileLine(c: FuzzConfig): string {
  const changed = Object.keys(profileChanges(c));
  const which = changed.length === 0 ? `the defaults for variant ${c.variant}, load ${c.load}` : `defaults for variant ${c.variant}, load ${c.load}, except ${changed.join(', ')}`;
  return `Fuzz profile (${which}): ${JSON.stringify(c.profile)}`;
}

/** The fuzz configuration as it goes into the failure JSON (everything that decides a seed's run). */
function configJson(c: FuzzConfig): object {
  return {
    nodes: c.nodes,
    ms: c.ms,
    variant: c.variant,
    faults: c.faults,
    load: c.load,
    stableMs: c.stableMs,
    liveness: c.liveness,
    linearizability: c.linearizability,
    maxEvents: c.maxEvents,
    swarm: c.swarm,
    ...(c.mutations.length > 0 ? { mutations: c.mutations } : {}),
    ...(c.timing !== undefined ? { timing: c.timing } : {}),
    profile: c.profile,
  };
}

// ------------------------------------------------------------------------------------------
// Worker side

interface SeedReport {
  seed: number;
  failure: FuzzFailure | null;
  events: number;
  /** Only for failing seeds. */
  scenario?: Scenario;
  until: number;
  stableStart: number;
}

type ToWorker = { type: 'run'; seeds: number[] } | { type: 'stop' };
type FromWorker = { type: 'ready' } | { type: 'done'; reports: SeedReport[] } | { type: 'crashed'; message: string };

function workerMain(config: FuzzConfig): void {
  const port = parentPort;
  if (port === null) return;
  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') {
      port.close();
      return;
    }
    try {
      const reports: SeedReport[] = m.seeds.map((seed) => {
        const r = fuzzSeed(seed, config);
        const report: SeedReport = { seed, failure: r.failure, events: r.stats.events, until: r.until, stableStart: r.stableStart };
        if (r.failure !== null) report.scenario = r.scenario;
        return report;
      });
      port.postMessage({ type: 'done', reports } satisfies FromWorker);
    } catch (e) {
      port.postMessage({ type: 'crashed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies FromWorker);
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

// ------------------------------------------------------------------------------------------
// Main side

function progressLine(done: number, total: number, started: number, failures: number, resumeAt: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const secs = (Date.now() - started) / 1000;
  const rate = secs > 0 ? done / secs : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} seeds  ${rate.toFixed(1)} seeds/s  violations: ${failures}  resume: --start ${resumeAt}`;
}

/**
 * The worker runs this same file. Run as TypeScript (tsx), a worker does not inherit the
 * loader, so it starts from a tiny ES module that registers tsx and then imports this file.
 */
function workerEntry(): URL {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new URL(self);
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(self)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

async function runAll(cli: CliOptions): Promise<SeedReport[]> {
  const total = cli.seeds;
  let next = 0;
  const reports: SeedReport[] = [];
  let failures = 0;
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastPrint = 0;
  let stopping = false;
  // Seeds finish out of order: every seed below `resumeAt` is done, so a run cut off here goes
  // on with --start resumeAt --seeds (what is left) and misses none.
  const finished = new Uint8Array(total);
  let lowest = 0;
  const resumeAt = () => cli.start + lowest;
  const print = (force = false) => {
    const now = Date.now();
    if (!force && now - lastPrint < (tty ? 100 : 5000)) return;
    lastPrint = now;
    const line = progressLine(reports.length, total, started, failures, resumeAt());
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  };
  const onInterrupt = () => {
    const left = cli.start + total - resumeAt();
    process.stderr.write(`\nInterrupted after ${reports.length} seeds (${failures} failing). To go on: --start ${resumeAt()} --seeds ${left}\n`);
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  // Small batches: cheap messaging, and a slow seed does not hold the others back.
  const batch = Math.max(1, Math.min(8, Math.floor(total / (cli.workers * 8))));
  const take = (): number[] => {
    if (stopping) return [];
    const seeds: number[] = [];
    while (seeds.length < batch && next < total) seeds.push(cli.start + next++);
    return seeds;
  };

  await new Promise<void>((resolve, reject) => {
    let live = cli.workers;
    for (let w = 0; w < cli.workers; w++) {
      const worker = new Worker(workerEntry(), { workerData: { config: cli.config } });
      const feed = () => {
        const seeds = take();
        if (seeds.length === 0) {
          worker.postMessage({ type: 'stop' } satisfies ToWorker);
          return;
        }
        worker.postMessage({ type: 'run', seeds } satisfies ToWorker);
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') feed();
        else if (m.type === 'crashed') {
          reject(new Error(`a fuzz worker crashed:\n${m.message}`));
        } else {
          for (const r of m.reports) {
            reports.push(r);
            finished[r.seed - cli.start] = 1;
            while (lowest < total && finished[lowest] === 1) lowest++;
            if (r.failure !== null) {
              // Said at once (a long run's log shows every failing seed before the end).
              process.stderr.write(`${tty ? '\n' : ''}seed ${r.seed} failed: ${describeFailure(r.failure)}\n`);
              failures++;
              if (cli.stopOnFailure) stopping = true;
            }
          }
          print();
          feed();
        }
      });
      worker.on('error', (e) => reject(e));
      worker.on('exit', () => {
        live--;
        if (live === 0) resolve();
      });
    }
  });
  print(true);
  if (tty) process.stderr.write('\n');
  process.off('SIGINT', onInterrupt);
  process.off('SIGTERM', onInterrupt);
  return reports.sort((a, b) => a.seed - b.seed);
}

function summarize(cli: CliOptions, reports: SeedReport[], seconds: number): void {
  const failing = reports.filter((r) => r.failure !== null);
  const events = reports.reduce((n, r) => n + r.events, 0);
  const c = cli.config;
  console.log(
    `raftlab fuzz: ${reports.length} seeds (${cli.start}..${cli.start + reports.length - 1}), ${c.nodes} nodes × ${c.ms} ms, ` +
      `variant ${c.variant}, faults ${c.faults.length > 0 ? c.faults.join(',') : 'none'}, load ${c.load}, ${cli.workers} workers`,
  );
  console.log(
    `${seconds.toFixed(1)} s wall clock, ${(reports.length / seconds).toFixed(1)} seeds/s (${((reports.length / seconds) * 60).toFixed(0)} seeds/min), ` +
      `${(events / 1e6).toFixed(1)} M events checked`,
  );
  if (failing.length === 0) {
    console.log('No violation: every safety property held after every event; liveness and linearizability held at the end of every run.');
    return;
  }
  const byKind = new Map<string, number>();
  for (const r of failing) {
    const f = r.failure as FuzzFailure;
    const key = f.kind === 'safety' ? `safety: ${f.property ?? ''}` : f.kind;
    byKind.set(key, (byKind.get(key) ?? 0) + 1);
  }
  console.log(`${failing.length} failing seed${failing.length === 1 ? '' : 's'}: ${[...byKind].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  for (const r of failing.slice(0, 10)) console.log(`  seed ${r.seed}: ${describeFailure(r.failure as FuzzFailure)}`);
  if (failing.length > 10) console.log(`  … and ${failing.length - 10} more`);
  console.log(`Every seed ran with this profile. ${profileLine(c)}`);
}

async function shrinkAndPrint(cli: CliOptions, report: SeedReport): Promise<void> {
  const failure = report.failure as FuzzFailure;
  const scenario = report.scenario as Scenario;
  const spec: ReplaySpec = {
    scenario,
    until: report.until,
    stableStart: report.stableStart,
    liveness: cli.config.liveness,
    linearizability: cli.config.linearizability,
    maxEvents: cli.config.maxEvents,
    swarm: cli.config.swarm,
  };
  let final = spec;
  let finalFailure = failure;
  // A script replay that diverged is about the script itself: replayed alone it cannot fail that way.
  if (cli.shrink && failure.kind !== 'replay') {
    process.stderr.write(`\nShrinking seed ${report.seed} (${scenario.actions.length} actions, ${scenario.options.nodes.length} nodes, ${report.until} ms)…\n`);
    const started = Date.now();
    const result = withMutations(cli.config.mutations, () => shrink(spec, failure, {
      maxAttempts: cli.shrinkAttempts,
      onProgress: (s, _f, attempts) => {
        if (process.stderr.isTTY) {
          process.stderr.write(`\r  ${attempts} replays: ${s.scenario.actions.length} actions, ${s.scenario.options.nodes.length} nodes, until ${s.until} ms   `);
        }
      },
    }));
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (!result.reproduced) {
      console.log(`\nThe failure of seed ${report.seed} did not reproduce when its action script was replayed: the run is not a pure function of (options, actions). That is a determinism bug of its own.`);
      if (result.failure !== failure) console.log(`Replay gave: ${describeFailure(result.failure)}`);
    } else {
      final = result.spec;
      finalFailure = result.failure;
      process.stderr.write(`  shrunk in ${((Date.now() - started) / 1000).toFixed(1)} s with ${result.attempts} replays\n`);
    }
  }
  const minimal = final.scenario;
  console.log(`\nMinimal failing scenario (seed ${report.seed}): ${minimal.actions.length} actions, ${minimal.options.nodes.length} nodes, run until ${final.until} ms`);
  console.log(describeFailure(finalFailure));
  if (finalFailure.violation?.entries !== undefined) {
    for (const e of finalFailure.violation.entries) console.log(`  ${e.node}: index ${e.index}, term ${e.term}, ${JSON.stringify(e.command)}`);
  }
  console.log(`Replay: createCluster(scenario.options, scenario.actions).runFor(${final.until}) — the violation is at ${finalFailure.at} ms.`);
  const json = JSON.stringify({ v: minimal.v, engine: minimal.engine, options: minimal.options, actions: minimal.actions });
  console.log(json);
  const { violation: _violation, linearizability: _linearizability, ...failureFields } = finalFailure;
  const failureJson = {
    seed: report.seed,
    failure: failureFields,
    until: final.until,
    stableStart: final.stableStart,
    shrunk: final !== spec,
    fuzz: configJson(cli.config),
  };
  console.log(`Failure: ${JSON.stringify(failureJson)}`);
  try {
    // Loaded lazily: the link is a nicety, the JSON above is the scenario.
    const { shareUrl } = await import('../src/scenario/url.ts');
    // Opens paused 1 ms before the violation: step forward to see it happen.
    console.log(`Open in raftlab: ${shareUrl(cli.base, minimal, Math.max(0, finalFailure.at - 1))}`);
  } catch (e) {
    console.log(`(no share link: ${e instanceof Error ? e.message : String(e)})`);
  }
  if (cli.out !== null) {
    writeFileSync(cli.out, JSON.stringify({ v: minimal.v, engine: minimal.engine, options: minimal.options, actions: minimal.actions }, null, 2) + '\n');
    // The scenario file opens in raftlab (its schema is strict); the failure goes beside it.
    const failureFile = cli.out.endsWith('.json') ? `${cli.out.slice(0, -'.json'.length)}.failure.json` : `${cli.out}.failure.json`;
    writeFileSync(failureFile, JSON.stringify(failureJson, null, 2) + '\n');
    console.log(`(written to ${cli.out}; the failure, with the fuzz configuration and profile, to ${failureFile})`);
  }
}

async function main(): Promise<void> {
  let cli: CliOptions | 'help';
  try {
    cli = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`fuzz: ${e.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
  if (cli === 'help') {
    console.log(USAGE);
    return;
  }
  const started = Date.now();
  const reports = await runAll(cli);
  summarize(cli, reports, (Date.now() - started) / 1000);
  const firstFailing = reports.find((r) => r.failure !== null);
  if (firstFailing !== undefined) {
    await shrinkAndPrint(cli, firstFailing);
    process.exitCode = 1;
  }
}

if (isMainThread) {
  main().catch((e: unknown) => {
    process.stderr.write(`fuzz: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
} else {
  workerMain((workerData as { config: FuzzConfig }).config);
}
