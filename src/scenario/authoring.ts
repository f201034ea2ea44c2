// How the built-in scenarios' action scripts were made: each is played live through the
// scripting API, deciding targets and times by looking at the cluster (who leads now, when
// an election is over), and the recorded script (cluster.actions()) is then frozen by hand
// in the lecture's module, library/<id>.ts. Run `npx tsx src/scenario/authoring.ts [id]` to
// print them again, with the moments the tours point at. The library never runs this file: a
// scenario is only its data.

import { createCluster } from '../sim/index.ts';
import type { Action, Cluster, ClusterOptions, TraceEvent } from '../sim/index.ts';
import { FIGURE_7_SERVERS, figure7Initial } from './library/figure7Logs.ts';
import { PREVOTE } from './library/pairs.ts';

interface Authored {
  options: ClusterOptions;
  actions: Action[];
  notes: string[];
}

type Author = (note: (text: string) => void) => { cluster: Cluster; options: ClusterOptions };

function watch(c: Cluster, note: (text: string) => void): void {
  c.subscribe((e: TraceEvent) => {
    if (e.type === 'role' && (e.role !== 'follower' || e.at > 0)) note(`${e.at} ${e.node} becomes ${e.role} of term ${e.term}`);
    if (e.type === 'crash' || e.type === 'restart') note(`${e.at} ${e.type} ${e.node}`);
    if (e.type === 'commit') note(`${e.at} ${e.node} commitIndex ${e.commitIndex}`);
    if (e.type === 'truncate') note(`${e.at} ${e.node} truncates from ${e.from} (${e.entries.map((x) => x.term).join(',')})`);
    if (e.type === 'snapshot') note(`${e.at} ${e.node} snapshot up to ${e.index}`);
    if (e.type === 'config') note(`${e.at} ${e.node} config voters ${e.voters.join(',')} learners ${e.learners.join(',')}`);
    if (e.type === 'client-ok') note(`${e.at} client ${e.record.client} ok ${JSON.stringify(e.record.op)} → ${String(e.record.result)}`);
    if (e.type === 'deliver' && e.message.type === 'InstallSnapshot') note(`${e.at} InstallSnapshot delivered to ${e.message.to}`);
  });
}

function leaderOrThrow(c: Cluster): string {
  const l = c.leader();
  if (l === null) throw new Error(`no leader at ${c.now}`);
  return l;
}

/** Forces `id`'s election timer until it leads (a denied candidate tries again in the next term). */
function elect(c: Cluster, id: string, attempts = 3): void {
  for (let i = 0; i < attempts && c.leader() !== id; i++) {
    c.timeout(id);
    c.runUntil((x) => x.leader() === id, 100);
  }
  if (c.leader() !== id) throw new Error(`${id} did not win`);
}

export const AUTHORS: Record<string, Author> = {
  election: (note) => {
    const options = { seed: 85 };
    const c = createCluster(options);
    watch(c, note);
    c.runFor(600);
    return { cluster: c, options };
  },

  lab: (note) => {
    const options = { nodes: ['127.0.0.1:8000', '127.0.0.1:8001', '127.0.0.1:8002'], seed: 1 };
    const c = createCluster(options);
    watch(c, note);
    c.runUntil((x) => x.leader() !== null, 2000);
    c.runFor(100);
    const first = leaderOrThrow(c);
    c.propose(first, { data_id: 1 });
    c.runFor(150);
    c.propose(first, { data_id: 2 });
    c.runFor(250);
    c.crash(first);
    c.runUntil((x) => x.leader() !== null, 2000);
    c.runFor(100);
    const second = leaderOrThrow(c);
    c.propose(second, { data_id: 3 });
    c.runFor(250);
    c.restart(first);
    c.runFor(400);
    const follower = c.ids.find((id) => id !== second && id !== first)!;
    c.crash(follower);
    c.runFor(100);
    c.propose(second, { data_id: 4 });
    c.runFor(300);
    c.restart(follower);
    c.runFor(400);
    return { cluster: c, options };
  },

  replication: (note) => {
    const options = { seed: 1 };
    const c = createCluster(options);
    watch(c, note);
    c.runUntil((x) => x.leader() !== null, 2000);
    c.runFor(150);
    c.request({ type: 'put', key: 'x', value: '1' });
    c.runFor(250);
    c.request({ type: 'put', key: 'y', value: '2' });
    c.runFor(200);
    c.crash('S5');
    c.runFor(100);
    c.request({ type: 'append', key: 'x', value: '3' });
    c.runFor(300);
    c.request({ type: 'get', key: 'x' });
    c.runFor(300);
    c.restart('S5');
    c.runFor(400);
    return { cluster: c, options };
  },

  partition: (note) => {
    const options = { seed: 1 };
    const c = createCluster(options);
    watch(c, note);
    c.runUntil((x) => x.leader() !== null, 2000);
    c.runFor(200);
    const old = leaderOrThrow(c);
    c.request({ type: 'put', key: 'x', value: '1' });
    // 603 ms: x = 1 is committed everywhere. Which server of the majority times out first
    // depends on when each last heard the leader: cut off now, it is S3 (with raftlab-2).
    c.runFor(163);
    const others = c.ids.filter((id) => id !== old);
    c.partition([[old, others[0]], others.slice(1)]);
    c.runFor(50);
    c.request({ type: 'put', key: 'x', value: '2' }, { to: old, client: 'C1' });
    c.runFor(637); // to 1290 ms
    const fresh = leaderOrThrow(c);
    note(`majority leader ${fresh}`);
    c.request({ type: 'put', key: 'y', value: '3' }, { to: fresh, client: 'C2' });
    c.runFor(700);
    c.heal();
    c.runFor(800);
    return { cluster: c, options };
  },

  figure7: (note) => {
    const options = { nodes: [...FIGURE_7_SERVERS], initial: figure7Initial() };
    const c = createCluster(options);
    watch(c, note);
    c.timeout('leader');
    c.runFor(400);
    return { cluster: c, options };
  },

  figure8: (note) => {
    const five = ['S1', 'S2', 'S3', 'S4', 'S5'];
    const options: ClusterOptions = {
      nodes: five,
      initial: Object.fromEntries(five.map((id) => [id, { term: 1, log: [{ term: 1, command: { x: 1 } }] }])),
      timing: { electionTimeoutMin: 5000, electionTimeoutMax: 10000, heartbeatInterval: 50 },
      network: { latencyMin: 5, latencyMax: 15 },
      features: { noopOnElection: false },
    };
    const c = createCluster(options);
    watch(c, note);
    c.runFor(100);
    // (a) S1 leads term 2 and replicates index 2 to S2 only.
    elect(c, 'S1');
    c.partition([['S1', 'S2'], ['S3', 'S4', 'S5']]);
    c.runFor(50);
    c.propose('S1', { x: 2 });
    c.runFor(200);
    note(`(a) done at ${c.now}`);
    // (b) S1 crashes; S5 wins term 3 and appends a different entry at index 2.
    c.crash('S1');
    c.runFor(100);
    elect(c, 'S5');
    c.partition([['S5'], ['S1', 'S2', 'S3', 'S4']]);
    c.runFor(50);
    c.propose('S5', { x: 3 });
    c.runFor(100);
    c.crash('S5');
    c.runFor(200);
    note(`(b) done at ${c.now}`);
    // (c) S1 restarts, wins term 4 with S2 and S3, replicates its term-2 entry to S3.
    c.restart('S1');
    c.partition([['S1', 'S2', 'S3'], ['S4', 'S5']]);
    c.runFor(100);
    elect(c, 'S1');
    c.runFor(400);
    note(`(c) done at ${c.now}`);
    // (d) S1 crashes; S5 wins term 5 with S2, S3, S4 and overwrites index 2 everywhere.
    c.crash('S1');
    c.heal();
    c.restart('S5');
    c.runFor(100);
    elect(c, 'S5');
    c.runFor(50);
    c.propose('S5', { x: 5 });
    c.runFor(200);
    c.restart('S1');
    c.runFor(500);
    note(`(d) done at ${c.now}`);
    return { cluster: c, options };
  },

  prevote: (note) => {
    // Seed 209 (raftlab-2): S1 leads term 1, the isolated S5 reaches term 8 before the heal, and
    // after it S3 wins term 10 — the run the tour describes.
    const options = { seed: PREVOTE.seed };
    const c = createCluster(options);
    watch(c, note);
    c.runUntil((x) => x.leader() !== null, 2000);
    c.runFor(390 - c.now);
    c.partition([['S5']]);
    c.runFor(50);
    c.request({ type: 'put', key: 'x', value: '1' });
    c.runFor(1750);
    c.heal();
    c.runFor(800);
    return { cluster: c, options };
  },

  checkquorum: (note) => {
    const options = { seed: 1, features: { checkQuorum: true, preVote: true } };
    const c = createCluster(options);
    watch(c, note);
    c.runUntil((x) => x.leader() !== null, 2000);
    c.runFor(300);
    const old = leaderOrThrow(c);
    c.partition([[old]]);
    c.runFor(1000);
    c.heal();
    c.runFor(500);
    return { cluster: c, options };
  },

  transfer: (note) => {
    const options = { seed: 1 };
    const c = createCluster(options);
    watch(c, note);
    c.runUntil((x) => x.leader() !== null, 2000);
    c.runFor(150);
    c.request({ type: 'put', key: 'x', value: '1' });
    c.runFor(250);
    c.transferLeadership('S3');
    c.runFor(300);
    c.request({ type: 'put', key: 'x', value: '2' });
    c.runFor(300);
    return { cluster: c, options };
  },

  membership: (note) => {
    const options = { seed: 4, nodes: 3 };
    const c = createCluster(options);
    watch(c, note);
    c.runUntil((x) => x.leader() !== null, 2000);
    c.runFor(150);
    for (let i = 1; i <= 3; i++) {
      c.request({ type: 'put', key: `k${i}`, value: String(i) });
      c.runFor(120);
    }
    c.runFor(200);
    c.addServer('S4');
    c.runUntil((x) => x.node(leaderOrThrow(x)).config.voters.includes('S4') && x.node(leaderOrThrow(x)).commitIndex >= x.node(leaderOrThrow(x)).log.length, 3000);
    c.runFor(200);
    c.addServer('S5');
    c.runUntil((x) => x.node(leaderOrThrow(x)).config.voters.includes('S5') && x.node(leaderOrThrow(x)).commitIndex >= x.node(leaderOrThrow(x)).log.length, 3000);
    c.runFor(200);
    c.removeServer(leaderOrThrow(c));
    c.runFor(1200);
    c.request({ type: 'put', key: 'k4', value: '4' });
    c.runFor(400);
    return { cluster: c, options };
  },

  snapshot: (note) => {
    const options = { seed: 1, features: { snapshotThreshold: 5 } };
    const c = createCluster(options);
    watch(c, note);
    c.runUntil((x) => x.leader() !== null, 2000);
    c.runFor(150);
    c.crash('S5');
    c.runFor(50);
    for (let i = 1; i <= 8; i++) {
      c.request({ type: 'put', key: `k${i % 3}`, value: String(i) });
      c.runFor(80);
    }
    c.runFor(200);
    c.restart('S5');
    c.runFor(600);
    return { cluster: c, options };
  },

  staleReads: (note) => {
    const options = { seed: 1, features: { variant: 'local-reads' as const } };
    const c = createCluster(options);
    watch(c, note);
    c.runUntil((x) => x.leader() !== null, 2000);
    c.runFor(150);
    const old = leaderOrThrow(c);
    c.request({ type: 'put', key: 'x', value: '1' }, { client: 'C1' });
    c.runFor(300); // 690 ms: cut off now, S3 is the first of the others to time out (raftlab-2)
    c.partition([[old]]);
    c.runFor(650);
    const fresh = leaderOrThrow(c);
    note(`majority leader ${fresh}`);
    c.request({ type: 'put', key: 'x', value: '2' }, { client: 'C1', to: fresh });
    c.runFor(300);
    c.request({ type: 'get', key: 'x' }, { client: 'C2', to: old });
    c.runFor(1800);
    c.heal();
    c.runFor(300);
    return { cluster: c, options };
  },
};

export function author(id: string): Authored {
  const notes: string[] = [];
  const make = AUTHORS[id];
  if (make === undefined) throw new Error(`no author for '${id}'`);
  const { cluster, options } = make((t) => notes.push(t));
  notes.push(`end ${cluster.now}; leader ${String(cluster.leader())}`);
  for (const nid of cluster.ids) {
    const n = cluster.node(nid);
    notes.push(`${nid}: ${n.role} term ${n.term} commit ${n.commitIndex} log ${n.log.map((e) => e.term).join(',')} state ${JSON.stringify(n.state)}`);
  }
  return { options, actions: cluster.actions(), notes };
}

// Run directly: print the script and notes of one scenario (or all).
const invokedDirectly = typeof process !== 'undefined' && process.argv[1]?.endsWith('authoring.ts');
if (invokedDirectly) {
  const ids = process.argv[2] !== undefined ? [process.argv[2]] : Object.keys(AUTHORS);
  for (const id of ids) {
    const a = author(id);
    console.log(`=== ${id}`);
    console.log(a.notes.join('\n'));
    console.log(JSON.stringify(a.actions));
  }
}
