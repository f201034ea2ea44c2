// The lecture library's index: what the Lectures dialog lists — each lecture's id, topic, title,
// explanation and size — small and loaded with the page. A lecture's scenario (options, action
// script and guided tour) is a module of its own in this folder, loaded only when it is opened
// (`loadLecture`): Vite code-splits each dynamic import into a chunk, so the first page load
// carries none of them. src/scenario/library.ts gathers every lecture eagerly, for tests.
//
// Lectures are grouped by topic in the order listed. `servers`, `steps` and `questions` are
// shown under each title before it is loaded; library.test.ts checks they match the scenario.

import type { Scenario } from '../format.ts';

export interface LectureInfo {
  /** Stable id (used in tests, golden links and the library dialog's data-lecture). */
  id: string;
  /** The lecture topic it belongs to, for grouping. */
  topic: string;
  title: string;
  /** Markdown. */
  description: string;
  /** Servers at the start (options.nodes). */
  servers: number;
  /** Tour steps. */
  steps: number;
  /** Whether the tour asks a question. */
  questions: boolean;
}

export const LECTURES: readonly LectureInfo[] = [
  {
    id: 'election',
    topic: 'Leader election',
    title: 'Leader election from a cold start (with a split vote)',
    description:
      'Five servers start as followers with no leader. Each waits a random election timeout (150–300 ms) and, when it ' +
      'expires, becomes a candidate and asks the others for their votes. In this run three servers time out within 3 ms of ' +
      'each other, the votes split and nobody wins term 1; fresh random timeouts settle it in term 2.',
    servers: 5,
    steps: 7,
    questions: true,
  },
  {
    id: 'lab',
    topic: 'Leader crash and re-election',
    title: 'The classic lab: crash the leader, elect another, write data_id values',
    description:
      'Three nodes on 127.0.0.1:8000, :8001 and :8002, as in the classic Raft lab. Each node shows the leader it knows ' +
      '(`LEADER => 127.0.0.1:8001`, or None), its log of `{"term": T, "command": {"data_id": N}}` entries, its applied ' +
      'state machine (`{"data_id": N}`) and its persistent storage (`{"term": T, "voted_for": …}`). We write values ' +
      'through the leader, crash it, watch another take over, and crash and restart nodes.',
    servers: 3,
    steps: 8,
    questions: true,
  },
  {
    id: 'replication',
    topic: 'Log replication',
    title: 'Log replication and commitment with client requests',
    description:
      'A client sends requests to the leader. The leader appends each to its log, replicates it with AppendEntries, and ' +
      'commits it once a majority stores it; then it applies it and answers the client. Followers learn the commit index ' +
      'from the next AppendEntries. A crashed follower does not stop progress, and catches up when it returns.',
    servers: 5,
    steps: 7,
    questions: true,
  },
  {
    id: 'partition',
    topic: 'Network partition',
    title: 'Network partition: a minority leader cannot commit',
    description:
      'The leader ends up on the minority side of a partition. It still believes it leads and accepts a request, but can ' +
      'never commit it. The majority elects a new leader of a higher term and keeps working. When the partition heals, ' +
      'the old leader steps down and its uncommitted entries are replaced.',
    servers: 5,
    steps: 6,
    questions: true,
  },
  {
    id: 'figure-7',
    topic: 'The paper’s figures',
    title: 'Figure 7: a new leader brings divergent logs into line',
    description:
      'The logs of Figure 7 of the Raft paper: a server about to lead term 8, and six followers (a)–(f) that are missing ' +
      'entries, have extra uncommitted entries, or both. The leader never changes its own log; the AppendEntries ' +
      'consistency check finds where each follower agrees with it, deletes what conflicts and appends what is missing. ' +
      'Log entries are named i<index>t<term>.',
    servers: 7,
    steps: 5,
    questions: true,
  },
  {
    id: 'figure-8',
    topic: 'The paper’s figures',
    title: 'Figure 8: never commit an entry of an earlier term by counting replicas',
    description:
      'Figure 8 of the Raft paper, step by step on five servers: an entry of term 2 reaches a majority under a leader of ' +
      'term 4, yet is not committed, and is later overwritten — safely, because nobody applied it. A leader only counts ' +
      'replicas for entries of its current term.',
    servers: 5,
    steps: 6,
    questions: true,
  },
  {
    id: 'figure-8-broken',
    topic: 'The paper’s figures',
    title: 'Figure 8, broken: a “committed” entry is lost',
    description:
      'The same seed and actions as Figure 8, on a deliberately broken Raft (variant commit-old-terms) whose leader commits ' +
      'an entry of an earlier term as soon as a majority stores it. The entry is applied, then overwritten: a committed ' +
      'entry is lost, which the safety checker flags.',
    servers: 5,
    steps: 6,
    questions: true,
  },
  {
    id: 'prevote-off',
    topic: 'Extensions',
    title: 'PreVote off: a rejoining server disrupts the cluster',
    description:
      'S5 is cut off from the others. Without PreVote it keeps timing out and raising its term. When it comes back its ' +
      'high term forces the healthy leader to step down, although S5 itself cannot win (its log is behind). Compare with ' +
      'the PreVote-on scenario: same seed and actions.',
    servers: 5,
    steps: 4,
    questions: true,
  },
  {
    id: 'prevote-on',
    topic: 'Extensions',
    title: 'PreVote on: a rejoining server does not disrupt',
    description:
      'The same run with PreVote (thesis §9.6): before raising its term, a server asks whether it could win. Isolated, S5 ' +
      'never gets a yes, so its term stays put and it rejoins quietly.',
    servers: 5,
    steps: 3,
    questions: true,
  },
  {
    id: 'checkquorum-on',
    topic: 'Extensions',
    title: 'CheckQuorum: an isolated leader steps down',
    description:
      'With CheckQuorum (thesis §6.2) a leader steps down when an election timeout passes without hearing from a majority. ' +
      'The leader S1 is cut off from everyone; it notices and stops acting as leader, instead of serving stale requests ' +
      'forever. PreVote is on too (as in most deployments), so the deposed leader rejoins quietly.',
    servers: 5,
    steps: 4,
    questions: true,
  },
  {
    id: 'checkquorum-off',
    topic: 'Extensions',
    title: 'CheckQuorum off: an isolated leader stays leader',
    description:
      'The same run without CheckQuorum: the isolated S1 keeps believing it leads term 1 until the partition heals, while ' +
      'S5 leads term 2 — two leaders at once, one of them stale.',
    servers: 5,
    steps: 3,
    questions: true,
  },
  {
    id: 'transfer',
    topic: 'Extensions',
    title: 'Leadership transfer',
    description:
      'A leader hands leadership to a chosen server (thesis §3.10), e.g. before it is taken down for maintenance: it ' +
      'stops accepting requests, brings the target’s log up to date and sends it TimeoutNow; the target starts an ' +
      'election at once and wins, without waiting for any timeout.',
    servers: 5,
    steps: 4,
    questions: true,
  },
  {
    id: 'membership',
    topic: 'Extensions',
    title: 'Membership change: adding and removing servers',
    description:
      'Servers join and leave one at a time (thesis §4.1–4.3). A new server first catches up as a non-voting learner, ' +
      'then a configuration entry makes it a voter; servers use the newest configuration in their log at once. Removing ' +
      'the leader itself: it keeps leading until the new configuration commits, then hands over with TimeoutNow and steps down.',
    servers: 3,
    steps: 7,
    questions: true,
  },
  {
    id: 'snapshot',
    topic: 'Extensions',
    title: 'Snapshots and InstallSnapshot',
    description:
      'With log compaction (thesis §5), each server snapshots its state machine once more than 5 applied entries have ' +
      'piled up in its log, and discards them. A follower that was down while the leader compacted cannot be sent the entries it misses — they ' +
      'are gone — so the leader sends its snapshot instead (InstallSnapshot).',
    servers: 5,
    steps: 5,
    questions: true,
  },
  {
    id: 'stale-reads',
    topic: 'Extensions',
    title: 'Stale reads: a deposed leader answering from its own state',
    description:
      'A broken shortcut (variant local-reads): the leader answers reads from its own state machine without checking it ' +
      'is still leader. An isolated old leader then returns a value that was overwritten long before — the read is not ' +
      'linearizable. Compare with the ReadIndex scenario: same seed and actions.',
    servers: 5,
    steps: 5,
    questions: true,
  },
  {
    id: 'read-index',
    topic: 'Extensions',
    title: 'Linearizable reads with ReadIndex',
    description:
      'The same run with ReadIndex (thesis §6.4): before answering a read, the leader records its commit index and ' +
      'confirms it is still leader with a round of heartbeats. The isolated S1 cannot confirm, so it never answers; the ' +
      'client retries elsewhere and reads the latest value.',
    servers: 5,
    steps: 4,
    questions: true,
  },
]

const MODULES = new Map<string, () => Promise<{ default: Scenario }>>([
  ['election', () => import('./election.ts')],
  ['lab', () => import('./lab.ts')],
  ['replication', () => import('./replication.ts')],
  ['partition', () => import('./partition.ts')],
  ['figure-7', () => import('./figure-7.ts')],
  ['figure-8', () => import('./figure-8.ts')],
  ['figure-8-broken', () => import('./figure-8-broken.ts')],
  ['prevote-off', () => import('./prevote-off.ts')],
  ['prevote-on', () => import('./prevote-on.ts')],
  ['checkquorum-on', () => import('./checkquorum-on.ts')],
  ['checkquorum-off', () => import('./checkquorum-off.ts')],
  ['transfer', () => import('./transfer.ts')],
  ['membership', () => import('./membership.ts')],
  ['snapshot', () => import('./snapshot.ts')],
  ['stale-reads', () => import('./stale-reads.ts')],
  ['read-index', () => import('./read-index.ts')],
]);

/** The index entry of a lecture, or undefined. */
export function lectureInfo(id: string): LectureInfo | undefined {
  return LECTURES.find((e) => e.id === id);
}

/**
 * A copy of a lecture's scenario, loading its module (a chunk of its own) the first time;
 * undefined for an id not in the library. Rejects when the chunk cannot be fetched (offline).
 */
export async function loadLecture(id: string): Promise<Scenario | undefined> {
  const load = MODULES.get(id);
  if (load === undefined) return undefined;
  return structuredClone((await load()).default);
}

/** Starts loading a lecture's module ahead of time (on hover or focus); never rejects. */
export function preloadLecture(id: string): void {
  MODULES.get(id)?.().catch(() => undefined);
}
