// `npm run explore -- [--servers 3] [--depth N] [--max-term T] [--actions deliver,timeout,…]
//                     [--variant NAME] [--features preVote,checkQuorum,snapshots,noop] …`
//
// The exhaustive explorer (src/check/explore.ts): breadth-first over every interleaving of a
// small cluster within the bounds, states deduplicated by a canonical hash; the first
// counterexample found is a shortest one. Exit code: 0 when nothing failed within the bounds, 1
// with the counterexample when an invariant failed, 2 for bad arguments.

import { writeFileSync } from 'node:fs';
import {
  DEFAULT_EXPLORE,
  EXPLORE_ACTIONS,
  describeStep,
  explore,
  resolveExploreConfig,
  symmetric,
  ExploreConfigError,
  type ExploreConfig,
} from '../src/check/explore.ts';
import { counterexampleLink, type Counterexample } from '../src/check/exploreReplay.ts';
import { shareUrl } from '../src/scenario/url.ts';

const USAGE = `Usage: npm run explore -- [options]

  --servers N         servers, 2..4 (default ${DEFAULT_EXPLORE.servers})
  --depth N           longest path, in events (default ${DEFAULT_EXPLORE.depth})
  --max-term T        terms above T are not expanded (default ${DEFAULT_EXPLORE.maxTerm})
  --max-log L         logs longer than L entries are not expanded (default ${DEFAULT_EXPLORE.maxLog})
  --max-crashes N     crashes per path (default ${DEFAULT_EXPLORE.maxCrashes})
  --max-requests N    client requests per path (default ${DEFAULT_EXPLORE.maxRequests})
  --max-membership N  addServer + removeServer per path (default ${DEFAULT_EXPLORE.maxMembership})
  --max-transfers N   leadership transfers per path (default ${DEFAULT_EXPLORE.maxTransfers})
  --max-copies N      deliveries of one message: 0 = any number (duplication), 1 = once (default ${DEFAULT_EXPLORE.maxCopies})
  --max-states N      stop after N distinct states (default ${DEFAULT_EXPLORE.maxStates})
  --max-timeouts N    election timer firings per path, in all; 0 = any (default ${DEFAULT_EXPLORE.maxTimeouts})
  --no-symmetry       count renamings of the servers as different states (default: reduced where the options allow)
  --drop-stale-requests  drop a request from an earlier term than its receiver's instead of keeping it
                      deliverable (a bound on behaviour; on by default for commit-old-terms)
  --keep-stale-requests  the opposite (overrides a variant's default)
  --liveness          also check "can still elect / can still change membership" from every state
  --liveness-depth N  events a continuation may take (default ${DEFAULT_EXPLORE.livenessDepth})
  --liveness-at WHERE every (each reached state) or removal (only where a removal is uncommitted;
                      default ${DEFAULT_EXPLORE.livenessAt})
  --actions LIST      comma-separated, from: ${EXPLORE_ACTIONS.join(', ')}
                      (default ${DEFAULT_EXPLORE.actions.join(',')})
  --variant NAME      a deliberately broken Raft (its own default bounds apply; see docs/safety.md)
  --features LIST     comma-separated: preVote, checkQuorum, snapshots, noop (default none)
  --out FILE          also write the counterexample to FILE as JSON (a raftlab scenario)
  --base URL          where the app runs, for the link (default http://127.0.0.1:5173/)
  --help              this text`;

class UsageError extends Error {}

function parse(argv: string[]): (Partial<ExploreConfig> & { out?: string; base?: string }) | 'help' {
  const out: Partial<ExploreConfig> & { out?: string; base?: string } = {};
  const ints: Record<string, keyof ExploreConfig> = {
    '--servers': 'servers',
    '--depth': 'depth',
    '--max-term': 'maxTerm',
    '--max-log': 'maxLog',
    '--max-crashes': 'maxCrashes',
    '--max-requests': 'maxRequests',
    '--max-membership': 'maxMembership',
    '--max-transfers': 'maxTransfers',
    '--max-copies': 'maxCopies',
    '--max-states': 'maxStates',
    '--max-timeouts': 'maxTimeouts',
    '--liveness-depth': 'livenessDepth',
  };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.indexOf('=');
    const name = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    if (name === '--help' || name === '-h') return 'help';
    if (name === '--no-symmetry' || name === '--liveness' || name === '--drop-stale-requests' || name === '--keep-stale-requests') {
      if (name === '--no-symmetry') out.symmetry = false;
      else if (name === '--liveness') out.liveness = true;
      else out.dropStaleRequests = name === '--drop-stale-requests';
      continue;
    }
    const value: string | undefined = eq > 0 && raw.startsWith('--') ? raw.slice(eq + 1) : argv[i + 1];
    if (!(eq > 0)) i++;
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (name in ints) {
      if (!/^\d+$/.test(value)) throw new UsageError(`${name}: expected a whole number, got '${value}'`);
      (out as Record<string, unknown>)[ints[name]] = Number(value);
    } else if (name === '--actions') {
      out.actions = value.split(',').map((s) => s.trim()).filter((s) => s !== '') as ExploreConfig['actions'];
    } else if (name === '--liveness-at') {
      out.livenessAt = value as ExploreConfig['livenessAt'];
    } else if (name === '--variant') {
      out.variant = value as ExploreConfig['variant'];
    } else if (name === '--features') {
      const f = { preVote: false, checkQuorum: false, snapshotThreshold: 0, noopOnElection: false };
      for (const x of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
        if (x === 'preVote') f.preVote = true;
        else if (x === 'checkQuorum') f.checkQuorum = true;
        else if (x === 'snapshots') f.snapshotThreshold = 1;
        else if (x === 'noop') f.noopOnElection = true;
        else throw new UsageError(`--features: unknown feature '${x}' (known: preVote, checkQuorum, snapshots, noop)`);
      }
      out.features = f;
    } else if (name === '--out') {
      out.out = value;
    } else if (name === '--base') {
      out.base = value;
    } else {
      throw new UsageError(`unknown option '${name}'`);
    }
  }
  return out;
}

function main(): number {
  let args: ReturnType<typeof parse>;
  let config: ExploreConfig;
  try {
    args = parse(process.argv.slice(2));
    if (args === 'help') {
      console.log(USAGE);
      return 0;
    }
    const { out: _out, base: _base, ...input } = args;
    config = resolveExploreConfig(input);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ExploreConfigError) {
      console.error(`raftlab explore: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  const started = performance.now();
  const tty = process.stderr.isTTY;
  const result = explore(config, (p) => {
    const s = (performance.now() - started) / 1000;
    const line = `depth ${p.depth}: ${p.distinct.toLocaleString('en')} distinct states (${p.states.toLocaleString('en')} explored), frontier ${p.frontier.toLocaleString('en')}, ${Math.round(p.distinct / Math.max(s, 0.001)).toLocaleString('en')} distinct/s`;
    process.stderr.write(tty ? `\r${line}   ` : line + '\n');
  });
  if (tty) process.stderr.write('\n');
  const seconds = (performance.now() - started) / 1000;
  const c = result.coverage;
  const f = config.features;
  console.log(
    `raftlab explore: ${config.servers} servers, variant ${config.variant}, features ${[f.preVote && 'preVote', f.checkQuorum && 'checkQuorum', f.snapshotThreshold > 0 && `snapshots(${f.snapshotThreshold})`, f.noopOnElection && 'noop'].filter(Boolean).join(',') || 'none'}, actions ${config.actions.join(',')}`,
  );
  console.log(
    `bounds: depth ${config.depth}, max term ${config.maxTerm}, max log ${config.maxLog}, crashes ${config.maxCrashes}, requests ${config.maxRequests}, membership ${config.maxMembership}, transfers ${config.maxTransfers}, copies ${config.maxCopies === 0 ? 'any' : config.maxCopies}, timeouts ${config.maxTimeouts === 0 ? 'any' : config.maxTimeouts}${config.dropStaleRequests ? ', stale requests dropped' : ''}; symmetry ${symmetric(config) ? 'reduced' : 'off'}${config.liveness ? `; liveness within ${config.livenessDepth} events${config.livenessAt === 'removal' ? ', where a removal is uncommitted' : ''}` : ''}`,
  );
  console.log(
    `${result.distinctStates.toLocaleString('en')} distinct states (${result.statesExplored.toLocaleString('en')} explored) to depth ${result.depthReached} in ${seconds.toFixed(1)} s (${Math.round(result.distinctStates / Math.max(seconds, 0.001)).toLocaleString('en')} distinct/s)`,
  );
  console.log(
    `covered: terms up to ${c.maxTerm}, a leader in ${c.termsWithLeader} term(s), entries committed up to index ${c.maxCommitted}, ${c.configChanges} configuration entries appended, ${c.snapshots} snapshots, ${c.transfers} transfer(s), ${c.crashes} crash(es) on one path`,
  );
  if (result.livenessChecked !== undefined) {
    console.log(`liveness: ${result.livenessChecked.checked.toLocaleString('en')} states checked (${result.livenessChecked.unknown.toLocaleString('en')} undecided: the continuation search ran out of budget)`);
  }
  if (result.stuck !== undefined && result.stuck !== null) {
    const st = result.stuck;
    console.log(`\nSTUCK (${st.goal === 'elect' ? 'cannot elect' : 'cannot change membership'}): ${st.message}`);
    console.log(`A shortest path to a stuck state (${st.path.length} events):`);
    st.path.forEach((s, i) => console.log(`  ${String(i + 1).padStart(3)}. ${describeStep(s)}`));
    printLink(config, { kind: 'stuck', goal: st.goal, message: st.message, path: st.path }, args.base, args.out);
    return 1;
  }
  if (result.violation === null) {
    console.log(
      result.finished === 'exhausted'
        ? 'No violation: every state within the bounds was explored.'
        : `No violation in the states explored; stopped at the bound of ${config.maxStates.toLocaleString('en')} distinct states (not exhaustive).`,
    );
    return 0;
  }
  const v = result.violation;
  console.log(`\nVIOLATION of ${v.property}: ${v.message}`);
  console.log(`A shortest counterexample within the bounds (${v.path.length} events):`);
  v.path.forEach((s, i) => console.log(`  ${String(i + 1).padStart(3)}. ${describeStep(s)}`));
  printLink(config, { kind: 'violation', property: v.property, message: v.message, path: v.path }, args.base, args.out);
  return 1;
}

/**
 * The same run as a raftlab link (and JSON with --out): a manual network and timers fired by
 * hand, with the explorer's answers to the time tests. A violation opens paused 1 ms before its
 * last event; a stuck state just after it, the network turning automatic when played on.
 */
function printLink(config: ExploreConfig, cx: Counterexample, base: string | undefined, out: string | undefined): void {
  const { scenario, t } = counterexampleLink(config, cx);
  const hint = cx.kind === 'violation' ? 'step through the last event to see the violation' : 'play on: the cluster is left to itself';
  console.log(`\nOpen it in raftlab (${hint}):\n${shareUrl(base ?? 'http://127.0.0.1:5173/', scenario, t)}`);
  if (out !== undefined) {
    writeFileSync(out, JSON.stringify(scenario, null, 2) + '\n');
    console.log(`\nthe scenario written to ${out} (Import it, or raftlab.load it)`);
  }
}

process.exitCode = main();
