// The built-in lecture library: scenarios ready to project, each with a short explanation and
// a guided tour. Every action script below was recorded by playing the scenario live through
// the scripting API (src/scenario/authoring.ts shows how) and is frozen here as data: a
// scenario is only (options, seed, actions), and library.test.ts replays each one through the
// engine and checks that it shows what its text says.
//
// Options are written as a diff against the frozen v1 defaults (V1_DEFAULTS), so a library
// scenario does not change if the engine's defaults do.

import type { Action, ResolvedOptions } from '../sim/index.ts';
import { ENGINE, FORMAT_VERSION, assertScenario, type Scenario, type TourStep } from './format.ts';
import { V1_DEFAULTS } from './url.ts';

export interface LibraryEntry {
  /** Stable id (used in tests, golden links and the start screen). */
  id: string;
  /** The lecture topic it belongs to, for grouping. */
  topic: string;
  scenario: Scenario;
}

interface OptionsDiff {
  seed?: number;
  nodes?: string[];
  timing?: Partial<ResolvedOptions['timing']>;
  network?: Partial<ResolvedOptions['network']>;
  features?: Partial<ResolvedOptions['features']>;
  initial?: ResolvedOptions['initial'];
}

function v1Options(diff: OptionsDiff): ResolvedOptions {
  const d = structuredClone(V1_DEFAULTS) as ResolvedOptions;
  const initial: ResolvedOptions['initial'] = {};
  for (const [id, init] of Object.entries(diff.initial ?? {})) {
    const log = init.log ?? [];
    initial[id] = { term: init.term ?? (log.length > 0 ? log[log.length - 1].term : 0), votedFor: init.votedFor ?? null, log };
  }
  return {
    seed: diff.seed ?? d.seed,
    nodes: diff.nodes ?? d.nodes,
    timing: { ...d.timing, ...diff.timing },
    network: { ...d.network, ...diff.network },
    features: { ...d.features, ...diff.features },
    workload: d.workload,
    initial,
  };
}

function scenario(s: { title: string; description: string; options: OptionsDiff; actions: Action[]; tour: TourStep[] }): Scenario {
  return assertScenario({
    v: FORMAT_VERSION,
    engine: ENGINE,
    options: v1Options(s.options),
    actions: s.actions,
    tour: s.tour,
    title: s.title,
    description: s.description,
  });
}

const FIVE = ['S1', 'S2', 'S3', 'S4', 'S5'];
const ALL = { nodes: FIVE };
const LAB = ['127.0.0.1:8000', '127.0.0.1:8001', '127.0.0.1:8002'];

// ------------------------------------------------------------------ 1. leader election

const election = scenario({
  title: 'Leader election from a cold start (with a split vote)',
  description:
    'Five servers start as followers with no leader. Each waits a random election timeout (150–300 ms) and, when it ' +
    'expires, becomes a candidate and asks the others for their votes. In this run three servers time out within 3 ms of ' +
    'each other, the votes split and nobody wins term 1; fresh random timeouts settle it in term 2.',
  options: { seed: 85 },
  actions: [],
  tour: [
    {
      at: 0,
      text:
        'Five servers boot as **followers** of term 0. Each has drawn a random **election timeout** between 150 and ' +
        '300 ms, which counts down from now. Nobody is leader yet.',
      highlights: ALL,
    },
    {
      at: 171,
      text:
        "S1's timer expires first. It becomes a **candidate**: it increments its term to 1, votes for itself and sends " +
        '**RequestVote** to the four others.',
      highlights: { nodes: ['S1'] },
    },
    {
      at: 176,
      text:
        "Before S1's requests arrive (the network takes 10–30 ms), S2 (at 172 ms) and S5 (at 174 ms) time out too. " +
        'There are now three candidates in term 1, each having voted for itself.',
      highlights: { nodes: ['S1', 'S2', 'S5'] },
      question: {
        prompt: 'Can any of the three candidates win term 1?',
        choices: [
          'Yes: S1, because it started first',
          'Only if it collects 3 of the 5 votes, and each server votes once per term',
          'Yes: all three can lead term 1 together',
        ],
        answer: 1,
      },
    },
    {
      at: 230,
      text:
        'The votes are in: S1 has its own and S3’s, S2 has its own and S4’s, S5 only its own. Nobody has a majority of ' +
        '3 — a **split vote**. Each candidate draws a *new* random timeout and waits.',
      highlights: { nodes: ['S1', 'S2', 'S5'] },
    },
    {
      at: 330,
      text:
        "S1's new timeout expires first, well before anyone else's: it starts term 2 and its RequestVotes reach the " +
        'others before their own timers run out.',
      highlights: { nodes: ['S1'] },
    },
    {
      at: 400,
      text:
        'S1 won term 2 at 368 ms with the votes of S4 and S5 (then S3 and S2). As **leader** it sends heartbeats ' +
        '(empty AppendEntries) every 50 ms, which reset every follower’s election timer: no more elections.',
      highlights: { nodes: ['S1'] },
      question: {
        prompt: 'Why do randomized timeouts make split votes rare?',
        choices: [
          'Servers usually time out at different moments, so one candidate asks for votes before the others start',
          'Random timeouts guarantee that no two servers ever time out together',
          'A server with a shorter timeout is given priority by the others',
        ],
        answer: 0,
      },
    },
    {
      at: 600,
      text: 'A steady state: one leader, four followers, all in term 2. The split vote cost one extra round of about 150 ms.',
    },
  ],
});

// ------------------------------------------------------------------ 2. the classic lab

const lab = scenario({
  title: 'The classic lab: crash the leader, elect another, write data_id values',
  description:
    'Three nodes on 127.0.0.1:8000, :8001 and :8002, as in the classic Raft lab. Each node shows the leader it knows ' +
    '(`LEADER => 127.0.0.1:8001`, or None), its log of `{"term": T, "command": {"data_id": N}}` entries, its applied ' +
    'state machine (`{"data_id": N}`) and its persistent storage (`{"term": T, "voted_for": …}`). We write values ' +
    'through the leader, crash it, watch another take over, and crash and restart nodes.',
  options: { nodes: LAB, seed: 1 },
  actions: [
    { at: 356, type: 'propose', node: '127.0.0.1:8001', command: { data_id: 1 } },
    { at: 506, type: 'propose', node: '127.0.0.1:8001', command: { data_id: 2 } },
    { at: 756, type: 'crash', node: '127.0.0.1:8001' },
    { at: 1158, type: 'propose', node: '127.0.0.1:8002', command: { data_id: 3 } },
    { at: 1408, type: 'restart', node: '127.0.0.1:8001' },
    { at: 1808, type: 'crash', node: '127.0.0.1:8000' },
    { at: 1908, type: 'propose', node: '127.0.0.1:8002', command: { data_id: 4 } },
    { at: 2208, type: 'restart', node: '127.0.0.1:8000' },
  ],
  tour: [
    {
      at: 0,
      text:
        'Three nodes, `LEADER => None` everywhere. Each node’s files are empty: no log entries, state machine `{}`, ' +
        'storage `{"term": 0, "voted_for": null}`.',
      highlights: { nodes: LAB },
    },
    {
      at: 300,
      text:
        '127.0.0.1:8001 timed out first and won term 1: every node now prints `LEADER => 127.0.0.1:8001`. The voters ' +
        'persisted `{"term": 1, "voted_for": "127.0.0.1:8001"}` **before** answering — a vote must survive a crash.',
      highlights: { nodes: ['127.0.0.1:8001'] },
    },
    {
      at: 600,
      text:
        '`{"data_id": 1}` and `{"data_id": 2}` were written through the leader. Each log now holds ' +
        '`{"term": 1, "command": {"data_id": 1}}` and `{"term": 1, "command": {"data_id": 2}}` (after the leader’s ' +
        'no-op at index 1); once committed they were applied: every state machine shows `{"data_id": 2}`.',
      highlights: {
        entries: LAB.flatMap((node) => [
          { node, index: 2 },
          { node, index: 3 },
        ]),
      },
    },
    {
      at: 760,
      text: 'We kill the leader, 127.0.0.1:8001. The two others stop receiving heartbeats.',
      highlights: { nodes: ['127.0.0.1:8001'] },
      question: {
        prompt: 'What happens next?',
        choices: [
          'Nothing until 127.0.0.1:8001 comes back',
          'One survivor times out, becomes candidate of term 2 and wins with the other’s vote (2 of 3)',
          'Both survivors become leaders, one each',
        ],
        answer: 1,
      },
    },
    {
      at: 1100,
      text:
        '127.0.0.1:8002 won term 2: `LEADER => 127.0.0.1:8002`. 127.0.0.1:8000 persisted ' +
        '`{"term": 2, "voted_for": "127.0.0.1:8002"}`. The new leader appended a no-op of term 2.',
      highlights: { nodes: ['127.0.0.1:8002', '127.0.0.1:8000'] },
    },
    {
      at: 1410,
      text:
        '`{"data_id": 3}` was written through the new leader and committed by the two live nodes. Now 127.0.0.1:8001 ' +
        'restarts.',
      highlights: { nodes: ['127.0.0.1:8001'] },
      question: {
        prompt: 'Right after restarting, before it hears from the leader, what does 127.0.0.1:8001 hold?',
        choices: [
          'Its term, vote and log (persistent), but an empty state machine and commitIndex 0 (volatile)',
          'Nothing: a crash erases everything',
          'Everything it had, state machine included',
        ],
        answer: 0,
      },
    },
    {
      at: 1500,
      text:
        'The leader’s AppendEntries brought 127.0.0.1:8001 the term-2 entries it missed and the commit index; it ' +
        're-applied its whole log and shows `{"data_id": 3}`, `LEADER => 127.0.0.1:8002`.',
      highlights: { nodes: ['127.0.0.1:8001'] },
    },
    {
      at: 2608,
      text:
        'We killed the follower 127.0.0.1:8000 and wrote `{"data_id": 4}`: two of three nodes are still a majority, so ' +
        'it committed. After its restart 127.0.0.1:8000 caught up. All three nodes hold the same six log entries, the ' +
        'state machine `{"data_id": 4}` and storage of term 2.',
      highlights: { nodes: LAB },
    },
  ],
});

// ------------------------------------------------------------------ 3. log replication

const replication = scenario({
  title: 'Log replication and commitment with client requests',
  description:
    'A client sends requests to the leader. The leader appends each to its log, replicates it with AppendEntries, and ' +
    'commits it once a majority stores it; then it applies it and answers the client. Followers learn the commit index ' +
    'from the next AppendEntries. A crashed follower does not stop progress, and catches up when it returns.',
  options: { seed: 1 },
  actions: [
    { at: 390, type: 'request', op: { type: 'put', key: 'x', value: '1' } },
    { at: 640, type: 'request', op: { type: 'put', key: 'y', value: '2' } },
    { at: 840, type: 'crash', node: 'S5' },
    { at: 940, type: 'request', op: { type: 'append', key: 'x', value: '3' } },
    { at: 1240, type: 'request', op: { type: 'get', key: 'x' } },
    { at: 1540, type: 'restart', node: 'S5' },
  ],
  tour: [
    {
      at: 300,
      text:
        'S1 is the leader of term 1. Its first entry (index 1) is a **no-op** of its own term, committed at once: a ' +
        'new leader commits an entry of its term to learn what is committed.',
      highlights: { nodes: ['S1'], entries: [{ node: 'S1', index: 1 }] },
    },
    {
      at: 400,
      text:
        'Client C1 sends `put x = 1`. A server that is not the leader answers with a hint naming the leader; the leader ' +
        'appends the command to its log (index 2) and sends it to every follower in **AppendEntries**.',
      highlights: { nodes: ['S1'] },
      question: {
        prompt: 'How many servers must store index 2 before S1 may commit it?',
        choices: ['All five', 'Three: a majority of five, S1 included', 'Just S1'],
        answer: 1,
      },
    },
    {
      at: 520,
      text:
        'A majority acknowledged index 2: S1 advanced its **commitIndex**, applied `x = 1` to its state machine and ' +
        'answered C1. The followers learn the new commit index from the next AppendEntries (`leaderCommit`) and apply ' +
        'it too.',
      highlights: { entries: FIVE.map((node) => ({ node, index: 2 })) },
    },
    {
      at: 850,
      text: '`put y = 2` was committed the same way. Now S5 crashes.',
      highlights: { nodes: ['S5'] },
    },
    {
      at: 1030,
      text:
        '`append x 3` commits without S5: four of five servers store it, more than a majority. S5’s log stops at ' +
        'index 3.',
      highlights: { nodes: ['S5'], entries: [{ node: 'S1', index: 4 }] },
    },
    {
      at: 1320,
      text:
        '`get x` returns `13`. With ReadIndex off, a read goes through the log like a write, so it sees every write ' +
        'committed before it.',
    },
    {
      at: 1940,
      text:
        'S5 restarted at 1540 ms. The leader’s AppendEntries consistency check found where S5’s log ends, sent the ' +
        'missing entries, and S5 re-applied its log: all five logs and state machines are identical.',
      highlights: { nodes: ['S5'] },
    },
  ],
});

// ------------------------------------------------------------------ 4. network partition

const partition = scenario({
  title: 'Network partition: a minority leader cannot commit',
  description:
    'The leader ends up on the minority side of a partition. It still believes it leads and accepts a request, but can ' +
    'never commit it. The majority elects a new leader of a higher term and keeps working. When the partition heals, ' +
    'the old leader steps down and its uncommitted entries are replaced.',
  options: { seed: 1 },
  actions: [
    { at: 440, type: 'request', op: { type: 'put', key: 'x', value: '1' } },
    { at: 603, type: 'partition', groups: [['S1', 'S2'], ['S3', 'S4', 'S5']] },
    { at: 653, type: 'request', op: { type: 'put', key: 'x', value: '2' }, client: 'C1', to: 'S1' },
    { at: 1290, type: 'request', op: { type: 'put', key: 'y', value: '3' }, client: 'C2', to: 'S3' },
    { at: 1990, type: 'heal' },
  ],
  tour: [
    {
      at: 600,
      text: 'S1 leads term 1 and `x = 1` is committed on all five servers.',
      highlights: { nodes: ['S1'] },
    },
    {
      at: 750,
      text:
        'The network splits into {S1, S2} and {S3, S4, S5}. Client C1 sends `put x = 2` to S1, which still thinks it ' +
        'is leader: it appends the entry and replicates it to S2.',
      highlights: { nodes: ['S1', 'S2'] },
      question: {
        prompt: 'Can S1 commit `x = 2`?',
        choices: ['Yes, it is the leader', 'No: it reaches only S2, and 2 of 5 is not a majority', 'Yes, once S2 has it'],
        answer: 1,
      },
    },
    {
      at: 900,
      text:
        'On the majority side nobody hears from S1: S3 timed out, started term 2 and won it with the votes of S4 and ' +
        'S5. There are two leaders now — of different terms, and only one of them can commit.',
      highlights: { nodes: ['S3', 'S1'] },
    },
    {
      at: 1400,
      text:
        'C2’s `put y = 3` commits through S3 (3 of 5). S1’s commitIndex has not moved since the partition: its ' +
        'entries stay uncommitted.',
      highlights: { nodes: ['S3'] },
    },
    {
      at: 2100,
      text:
        'The partition heals. S1 and S2 hear of term 2, step down to followers, and the consistency check finds their ' +
        'logs diverge: their uncommitted term-1 entries at index 3 and 4 are deleted and replaced with S3’s.',
      highlights: { nodes: ['S1', 'S2'], entries: [{ node: 'S1', index: 3 }, { node: 'S2', index: 3 }] },
    },
    {
      at: 2790,
      text:
        'C1 never got a reply from S1, so it retried, reached the new leader, and `x = 2` committed there. Nothing a ' +
        'client was told had succeeded was lost; all logs are identical.',
      highlights: ALL,
    },
  ],
});

// ------------------------------------------------------------------ 5. Figure 7

const FIGURE_7: Record<string, number[]> = {
  leader: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6],
  a: [1, 1, 1, 4, 4, 5, 5, 6, 6],
  b: [1, 1, 1, 4],
  c: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
  d: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
  e: [1, 1, 1, 4, 4, 4, 4],
  f: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
};
const FIGURE_7_IDS = ['leader', 'a', 'b', 'c', 'd', 'e', 'f'];

const figure7 = scenario({
  title: 'Figure 7: a new leader brings divergent logs into line',
  description:
    'The logs of Figure 7 of the Raft paper: a server about to lead term 8, and six followers (a)–(f) that are missing ' +
    'entries, have extra uncommitted entries, or both. The leader never changes its own log; the AppendEntries ' +
    'consistency check finds where each follower agrees with it, deletes what conflicts and appends what is missing. ' +
    'Log entries are named i<index>t<term>.',
  options: {
    nodes: FIGURE_7_IDS,
    initial: Object.fromEntries(
      FIGURE_7_IDS.map((id) => {
        const terms = FIGURE_7[id];
        return [
          id,
          {
            term: id === 'leader' ? 7 : terms[terms.length - 1],
            votedFor: null,
            log: terms.map((term, i) => ({ term, command: `i${i + 1}t${term}` })),
          },
        ];
      }),
    ),
  },
  actions: [{ at: 0, type: 'timeout', node: 'leader' }],
  tour: [
    {
      at: 0,
      text:
        'The logs of Figure 7. (a) and (b) miss entries; (c) has one extra entry of term 6; (d) two extra of term 7; ' +
        '(e) misses entries and has extra ones of term 4; (f) led terms 2 and 3 and never committed them. We force ' +
        'the top server’s election timer.',
      highlights: {
        entries: [
          { node: 'c', index: 11 },
          { node: 'd', index: 11 },
          { node: 'd', index: 12 },
          { node: 'e', index: 6 },
          { node: 'e', index: 7 },
          ...[4, 5, 6, 7, 8, 9, 10, 11].map((index) => ({ node: 'f', index })),
        ],
      },
    },
    {
      at: 40,
      text:
        'It won term 8 with the votes of (a), (b) and (e), whose logs are not more up-to-date than its own — four of ' +
        'seven with its own vote; (f) says yes a moment later. (c) and (d) refused: their logs are more up-to-date. ' +
        'The new leader appended a no-op of term 8 at index 11.',
      highlights: { nodes: ['leader'], entries: [{ node: 'leader', index: 11 }] },
      question: {
        prompt: 'Which followers will have entries deleted?',
        choices: ['(c), (d), (e) and (f)', 'Only (f)', 'None: Raft only ever appends'],
        answer: 0,
      },
    },
    {
      at: 60,
      text:
        'For (c) and (d) the first AppendEntries (prevLogIndex 10, prevLogTerm 6) already matches: the conflicting ' +
        'extra entries from index 11 on are deleted and the term-8 no-op takes their place.',
      highlights: { nodes: ['c', 'd'] },
    },
    {
      at: 150,
      text:
        'The others rejected the first AppendEntries. Each rejection carries a **conflict hint** (the conflicting ' +
        'term and its first index), so the leader backs up a whole term per round trip: (f) lost its entries of terms ' +
        '2 and 3, (e) its extra term-4 entries, and (a) and (b) received what they were missing.',
      highlights: { nodes: ['e', 'f', 'a', 'b'] },
    },
    {
      at: 400,
      text:
        'Every log is now identical to the leader’s, and index 11 (term 8) is committed on all seven servers — which ' +
        'commits every entry before it, too.',
      highlights: { nodes: FIGURE_7_IDS },
    },
  ],
});

// ------------------------------------------------------------------ 6. Figure 8

const FIGURE_8_OPTIONS: OptionsDiff = {
  nodes: FIVE,
  initial: Object.fromEntries(FIVE.map((id) => [id, { term: 1, votedFor: null, log: [{ term: 1, command: { x: 1 } }] }])),
  // Long election timeouts: nobody campaigns unless the script forces a timer.
  timing: { electionTimeoutMin: 5000, electionTimeoutMax: 10000, heartbeatInterval: 50 },
  network: { latencyMin: 5, latencyMax: 15 },
  features: { noopOnElection: false },
};

const FIGURE_8_ACTIONS: Action[] = [
  { at: 100, type: 'timeout', node: 'S1' },
  { at: 119, type: 'partition', groups: [['S1', 'S2'], ['S3', 'S4', 'S5']] },
  { at: 169, type: 'propose', node: 'S1', command: { x: 2 } },
  { at: 369, type: 'crash', node: 'S1' },
  { at: 469, type: 'timeout', node: 'S5' },
  { at: 494, type: 'partition', groups: [['S5'], ['S1', 'S2', 'S3', 'S4']] },
  { at: 544, type: 'propose', node: 'S5', command: { x: 3 } },
  { at: 644, type: 'crash', node: 'S5' },
  { at: 844, type: 'restart', node: 'S1' },
  { at: 844, type: 'partition', groups: [['S1', 'S2', 'S3'], ['S4', 'S5']] },
  { at: 944, type: 'timeout', node: 'S1' },
  { at: 1044, type: 'timeout', node: 'S1' },
  { at: 1467, type: 'crash', node: 'S1' },
  { at: 1467, type: 'heal' },
  { at: 1467, type: 'restart', node: 'S5' },
  { at: 1567, type: 'timeout', node: 'S5' },
  { at: 1635, type: 'propose', node: 'S5', command: { x: 5 } },
  { at: 1835, type: 'restart', node: 'S1' },
];

const figure8Steps = (broken: boolean): TourStep[] => [
  {
    at: 250,
    text:
      '(a) Every server holds index 1 (term 1). S1 won term 2 and, cut off with S2, replicated a new entry `x = 2` at ' +
      'index 2 (term 2) to S2 only. The no-op on election is off here, so the figure plays as in the paper.',
    highlights: { nodes: ['S1'], entries: [{ node: 'S1', index: 2 }, { node: 'S2', index: 2 }] },
  },
  {
    at: 700,
    text:
      '(b) S1 crashed. S5 won term 3 with the votes of S3, S4 and itself, accepted a different entry `x = 3` at index ' +
      '2 (term 3), and crashed before replicating it.',
    highlights: { nodes: ['S5'], entries: [{ node: 'S5', index: 2 }] },
  },
  {
    at: 1300,
    text:
      '(c) S1 restarted and won term 4 with S2 and S3 (its first try, in term 3, failed: S3 had already voted in ' +
      'term 3). It replicated its term-2 entry to S3: index 2 is now stored on S1, S2 and S3, a majority.' +
      (broken ? ' This run uses a **broken** Raft that commits old entries by counting replicas.' : ''),
    highlights: { nodes: ['S1'], entries: ['S1', 'S2', 'S3'].map((node) => ({ node, index: 2 })) },
    question: {
      prompt: broken ? 'This broken leader counts replicas of any term. Did it commit index 2?' : 'Index 2 is on a majority. Is it committed?',
      choices: broken
        ? ['Yes: it counted three replicas and applied `x = 2`', 'No: it waits for an entry of term 4']
        : ['Yes: a majority stores it', 'No: a leader counts replicas only for entries of its own term (4)'],
      answer: broken ? 0 : 1,
    },
  },
  {
    at: 1600,
    text:
      '(d) S1 crashed and S5 restarted. S5 won term 5 with the votes of S2, S3 and S4: its last log term, 3, is newer ' +
      'than their 2 and 1, so its log counts as more up-to-date.',
    highlights: { nodes: ['S5'] },
  },
  {
    at: 1700,
    text: broken
      ? 'S5 overwrote index 2 on S2 and S3 with its term-3 entry, and committed it with `x = 5`. But S1, S2 and S3 had ' +
        '**already applied** `x = 2` at index 2: a committed entry was lost, and two state machines applied different ' +
        'commands at the same index — State Machine Safety is broken.'
      : 'S5 overwrote index 2 on S2 and S3 with its term-3 entry, and committed it together with `x = 5` of its own term. ' +
        'This is safe only because index 2 (term 2) was never committed: no state machine ever applied `x = 2`.',
    highlights: { entries: ['S2', 'S3', 'S5'].map((node) => ({ node, index: 2 })) },
  },
  {
    at: 2335,
    text: broken
      ? 'S1 restarted and its log was overwritten too. Compare with the correct Figure 8 scenario: same seed and ' +
        'actions, and index 2 is never committed before it is replaced.'
      : 'S1 restarted and its log was repaired: every log is [1, 3, 5]. Had S1 instead replicated an entry of its own ' +
        'term 4 to a majority before crashing (Figure 8e), that entry would have committed index 2 with it, and S5 ' +
        'could no longer have won.',
    highlights: ALL,
  },
];

const figure8 = scenario({
  title: 'Figure 8: never commit an entry of an earlier term by counting replicas',
  description:
    'Figure 8 of the Raft paper, step by step on five servers: an entry of term 2 reaches a majority under a leader of ' +
    'term 4, yet is not committed, and is later overwritten — safely, because nobody applied it. A leader only counts ' +
    'replicas for entries of its current term.',
  options: FIGURE_8_OPTIONS,
  actions: FIGURE_8_ACTIONS,
  tour: figure8Steps(false),
});

const figure8Broken = scenario({
  title: 'Figure 8, broken: a “committed” entry is lost',
  description:
    'The same seed and actions as Figure 8, on a deliberately broken Raft (variant commit-old-terms) whose leader commits ' +
    'an entry of an earlier term as soon as a majority stores it. The entry is applied, then overwritten: a committed ' +
    'entry is lost, which the safety checker flags.',
  options: { ...FIGURE_8_OPTIONS, features: { noopOnElection: false, variant: 'commit-old-terms' } },
  actions: FIGURE_8_ACTIONS,
  tour: figure8Steps(true),
});

// ------------------------------------------------------------------ 7. extensions

const PREVOTE_SEED = 209;
const PREVOTE_ACTIONS: Action[] = [
  { at: 390, type: 'partition', groups: [['S5']] },
  { at: 440, type: 'request', op: { type: 'put', key: 'x', value: '1' } },
  { at: 2190, type: 'heal' },
];

const prevoteOff = scenario({
  title: 'PreVote off: a rejoining server disrupts the cluster',
  description:
    'S5 is cut off from the others. Without PreVote it keeps timing out and raising its term. When it comes back its ' +
    'high term forces the healthy leader to step down, although S5 itself cannot win (its log is behind). Compare with ' +
    'the PreVote-on scenario: same seed and actions.',
  options: { seed: PREVOTE_SEED },
  actions: PREVOTE_ACTIONS,
  tour: [
    {
      at: 600,
      text: 'S1 leads term 1. S5 is isolated, and `put x = 1` commits without it: S5’s log is now behind.',
      highlights: { nodes: ['S5'] },
    },
    {
      at: 2100,
      text:
        'Cut off from any leader, S5 timed out again and again, becoming candidate of terms 2, 3, … 8. Nobody hears ' +
        'its RequestVotes. The rest of the cluster is still in term 1.',
      highlights: { nodes: ['S5'] },
      question: {
        prompt: 'The partition heals. What will S5’s term 8 do to the leader of term 1?',
        choices: [
          'Nothing: S5 simply becomes a follower again',
          'The leader sees a higher term and steps down, so the cluster holds an election',
          'S5 becomes the leader of term 8',
        ],
        answer: 1,
      },
    },
    {
      at: 2300,
      text:
        'S1 heard term 8 and stepped down: no leader. S5 campaigns in term 9 but loses — its log lacks `x = 1` — yet ' +
        'everyone has moved to its term.',
      highlights: { nodes: ['S1', 'S5'] },
    },
    {
      at: 2990,
      text:
        'S3 won term 10 and service resumed: a server that could not win still cost an election and a gap with no ' +
        'leader. PreVote prevents this.',
      highlights: { nodes: ['S3'] },
    },
  ],
});

const prevoteOn = scenario({
  title: 'PreVote on: a rejoining server does not disrupt',
  description:
    'The same run with PreVote (thesis §9.6): before raising its term, a server asks whether it could win. Isolated, S5 ' +
    'never gets a yes, so its term stays put and it rejoins quietly.',
  options: { seed: PREVOTE_SEED, features: { preVote: true } },
  actions: PREVOTE_ACTIONS,
  tour: [
    {
      at: 600,
      text: 'S1 leads term 1 (PreVote added one round to the first election). S5 is isolated; `put x = 1` commits without it.',
      highlights: { nodes: ['S5'] },
    },
    {
      at: 2100,
      text:
        'S5 timed out repeatedly, but each time only as a **pre-candidate**: it asked for pre-votes without raising ' +
        'its term, and got none. It is still in term 1.',
      highlights: { nodes: ['S5'] },
      question: {
        prompt: 'When the partition heals, what happens to the leader?',
        choices: ['It steps down for S5’s higher term', 'Nothing: S5’s term is not higher, it simply follows S1 again'],
        answer: 1,
      },
    },
    {
      at: 2990,
      text: 'S5 heard S1’s heartbeat, became a follower and caught up. S1 leads term 1 throughout: no disruption.',
      highlights: { nodes: ['S1', 'S5'] },
    },
  ],
});

const CHECKQUORUM_ACTIONS: Action[] = [
  { at: 576, type: 'partition', groups: [['S1']] },
  { at: 1576, type: 'heal' },
];

const checkQuorumOn = scenario({
  title: 'CheckQuorum: an isolated leader steps down',
  description:
    'With CheckQuorum (thesis §6.2) a leader steps down when an election timeout passes without hearing from a majority. ' +
    'The leader S1 is cut off from everyone; it notices and stops acting as leader, instead of serving stale requests ' +
    'forever. PreVote is on too (as in most deployments), so the deposed leader rejoins quietly.',
  options: { seed: 1, features: { checkQuorum: true, preVote: true } },
  actions: CHECKQUORUM_ACTIONS,
  tour: [
    {
      at: 580,
      text: 'S1 leads term 1. Now it is isolated: its heartbeats reach nobody, and nobody’s replies reach it.',
      highlights: { nodes: ['S1'] },
      question: {
        prompt: 'What will S1 do?',
        choices: [
          'Stay leader until it hears a higher term',
          'Step down once an election timeout passes without replies from a majority',
          'Crash',
        ],
        answer: 1,
      },
    },
    {
      at: 820,
      text: 'The other four elected S5 leader of term 2.',
      highlights: { nodes: ['S5'] },
    },
    {
      at: 880,
      text: 'S1 stepped down: it had not heard from a majority for an election timeout. It is a follower of term 1.',
      highlights: { nodes: ['S1'] },
    },
    {
      at: 2076,
      text: 'After the partition healed S1 learned of term 2 and follows S5. Compare with CheckQuorum off: same seed and actions.',
      highlights: { nodes: ['S1', 'S5'] },
    },
  ],
});

const checkQuorumOff = scenario({
  title: 'CheckQuorum off: an isolated leader stays leader',
  description:
    'The same run without CheckQuorum: the isolated S1 keeps believing it leads term 1 until the partition heals, while ' +
    'S5 leads term 2 — two leaders at once, one of them stale.',
  options: { seed: 1, features: { preVote: true } },
  actions: CHECKQUORUM_ACTIONS,
  tour: [
    { at: 580, text: 'S1 leads term 1 and is now isolated.', highlights: { nodes: ['S1'] } },
    {
      at: 1500,
      text:
        'S5 leads term 2, and S1 still thinks it leads term 1: nothing tells it otherwise. It cannot commit anything, ' +
        'but a client that reaches it may be served stale data (see the stale-reads scenario).',
      highlights: { nodes: ['S1', 'S5'] },
      question: {
        prompt: 'When does S1 stop being leader?',
        choices: ['After an election timeout', 'Only when it hears a message of a higher term, after the partition heals'],
        answer: 1,
      },
    },
    { at: 2076, text: 'After the partition healed S1 saw term 2 and stepped down.', highlights: { nodes: ['S1'] } },
  ],
});

const transfer = scenario({
  title: 'Leadership transfer',
  description:
    'A leader hands leadership to a chosen server (thesis §3.10), e.g. before it is taken down for maintenance: it ' +
    'stops accepting requests, brings the target’s log up to date and sends it TimeoutNow; the target starts an ' +
    'election at once and wins, without waiting for any timeout.',
  options: { seed: 1 },
  actions: [
    { at: 390, type: 'request', op: { type: 'put', key: 'x', value: '1' } },
    { at: 640, type: 'transferLeadership', node: 'S3' },
    { at: 940, type: 'request', op: { type: 'put', key: 'x', value: '2' } },
  ],
  tour: [
    { at: 600, text: 'S1 leads term 1 and `x = 1` is committed everywhere.', highlights: { nodes: ['S1'] } },
    {
      at: 645,
      text: 'We ask S1 to transfer leadership to S3. S3 is up to date, so S1 sends it **TimeoutNow** right away.',
      highlights: { nodes: ['S1', 'S3'] },
      question: {
        prompt: 'How long will S3 wait before starting its election?',
        choices: ['Its usual random election timeout (150–300 ms)', 'Not at all: TimeoutNow makes it start one at once'],
        answer: 1,
      },
    },
    {
      at: 700,
      text: 'S3 started term 2 at once and won it: leadership moved in about 40 ms, with no period of missed heartbeats.',
      highlights: { nodes: ['S3'] },
    },
    {
      at: 1240,
      text: '`put x = 2` went to the new leader S3 and committed. S1 is an ordinary follower.',
      highlights: { nodes: ['S3', 'S1'] },
    },
  ],
});

const membership = scenario({
  title: 'Membership change: adding and removing servers',
  description:
    'Servers join and leave one at a time (thesis §4.1–4.3). A new server first catches up as a non-voting learner, ' +
    'then a configuration entry makes it a voter; servers use the newest configuration in their log at once. Removing ' +
    'the leader itself: it keeps leading until the new configuration commits, then hands over with TimeoutNow and steps down.',
  options: { seed: 4, nodes: ['S1', 'S2', 'S3'] },
  actions: [
    { at: 322, type: 'request', op: { type: 'put', key: 'k1', value: '1' } },
    { at: 442, type: 'request', op: { type: 'put', key: 'k2', value: '2' } },
    { at: 562, type: 'request', op: { type: 'put', key: 'k3', value: '3' } },
    { at: 882, type: 'addServer', node: 'S4' },
    { at: 1224, type: 'addServer', node: 'S5' },
    { at: 1532, type: 'removeServer', node: 'S1' },
    { at: 2732, type: 'request', op: { type: 'put', key: 'k4', value: '4' } },
  ],
  tour: [
    {
      at: 800,
      text: 'Three servers; S1 leads term 1 and three writes are committed.',
      highlights: { nodes: ['S1', 'S2', 'S3'] },
    },
    {
      at: 890,
      text:
        'We add S4. It starts empty, as a **learner**: the leader replicates its log to it, but it does not vote and ' +
        'does not count toward a majority yet.',
      highlights: { nodes: ['S4'] },
      question: {
        prompt: 'Why not make S4 a voter immediately?',
        choices: [
          'With an empty log it would slow down commits (a majority of 4 needs 3) until it caught up',
          'Because learners can never become voters',
          'Because only three servers may vote',
        ],
        answer: 0,
      },
    },
    {
      at: 1030,
      text:
        'S4 caught up, and the leader appended a **configuration entry** {S1, S2, S3, S4}. Every server uses it as soon ' +
        'as it is in its log. It committed: four voters now.',
      highlights: { nodes: ['S4'] },
    },
    {
      at: 1340,
      text: 'S5 joined the same way: five voters.',
      highlights: { nodes: ['S5'] },
    },
    {
      at: 1600,
      text:
        'Now we remove the leader S1. It appends the configuration {S2, S3, S4, S5} and replicates it — while no longer ' +
        'counting itself — and steps down once it commits, handing over first: it sends **TimeoutNow** to S2, which holds ' +
        'its whole log (thesis §3.10).',
      highlights: { nodes: ['S1'] },
    },
    {
      at: 1830,
      text:
        'S2 started an election at once and won term 2 with the votes of S3 and S4: three of the four voters with its own ' +
        '(S5 agreed a moment later). Without the handover the cluster would have waited an election timeout.',
      highlights: { nodes: ['S2'] },
    },
    {
      at: 3132,
      text: '`put k4 = 4` committed under the new configuration. S1 is no longer a member; its log stops where it left.',
      highlights: { nodes: ['S4', 'S1'] },
    },
  ],
});

const snapshot = scenario({
  title: 'Snapshots and InstallSnapshot',
  description:
    'With log compaction (thesis §5), each server snapshots its state machine once more than 5 applied entries have ' +
    'piled up in its log, and discards them. A follower that was down while the leader compacted cannot be sent the entries it misses — they ' +
    'are gone — so the leader sends its snapshot instead (InstallSnapshot).',
  options: { seed: 1, features: { snapshotThreshold: 5 } },
  actions: [
    { at: 390, type: 'crash', node: 'S5' },
    { at: 440, type: 'request', op: { type: 'put', key: 'k1', value: '1' } },
    { at: 520, type: 'request', op: { type: 'put', key: 'k2', value: '2' } },
    { at: 600, type: 'request', op: { type: 'put', key: 'k0', value: '3' } },
    { at: 680, type: 'request', op: { type: 'put', key: 'k1', value: '4' } },
    { at: 760, type: 'request', op: { type: 'put', key: 'k2', value: '5' } },
    { at: 840, type: 'request', op: { type: 'put', key: 'k0', value: '6' } },
    { at: 920, type: 'request', op: { type: 'put', key: 'k1', value: '7' } },
    { at: 1000, type: 'request', op: { type: 'put', key: 'k2', value: '8' } },
    { at: 1280, type: 'restart', node: 'S5' },
  ],
  tour: [
    { at: 400, text: 'S1 leads term 1. S5 crashes; its log holds only index 1.', highlights: { nodes: ['S5'] } },
    {
      at: 900,
      text:
        'Clients write; once the servers have applied enough entries, each takes a **snapshot** (state machine, last ' +
        'index and term, configuration) and discards the log entries it covers.',
      highlights: { nodes: ['S1', 'S2', 'S3', 'S4'] },
    },
    {
      at: 1290,
      text: 'S5 restarts. The leader’s log no longer holds index 2, the first entry S5 needs.',
      highlights: { nodes: ['S5'] },
      question: {
        prompt: 'How can the leader bring S5 up to date?',
        choices: ['It cannot: S5 must be reset by hand', 'It sends S5 its snapshot (InstallSnapshot), then the entries after it'],
        answer: 1,
      },
    },
    {
      at: 1400,
      text:
        'S5 received **InstallSnapshot**, discarded its conflicting log, loaded the snapshot’s state machine and then ' +
        'took the remaining entries by AppendEntries.',
      highlights: { nodes: ['S5'] },
    },
    { at: 1880, text: 'All five state machines are identical: k0 = 6, k1 = 7, k2 = 8.', highlights: ALL },
  ],
});

const STALE_READ_ACTIONS: Action[] = [
  { at: 390, type: 'request', op: { type: 'put', key: 'x', value: '1' }, client: 'C1' },
  { at: 690, type: 'partition', groups: [['S1']] },
  { at: 1340, type: 'request', op: { type: 'put', key: 'x', value: '2' }, client: 'C1', to: 'S3' },
  { at: 1640, type: 'request', op: { type: 'get', key: 'x' }, client: 'C2', to: 'S1' },
  { at: 3440, type: 'heal' },
];

const staleReadsLocal = scenario({
  title: 'Stale reads: a deposed leader answering from its own state',
  description:
    'A broken shortcut (variant local-reads): the leader answers reads from its own state machine without checking it ' +
    'is still leader. An isolated old leader then returns a value that was overwritten long before — the read is not ' +
    'linearizable. Compare with the ReadIndex scenario: same seed and actions.',
  options: { seed: 1, features: { variant: 'local-reads' } },
  actions: STALE_READ_ACTIONS,
  tour: [
    { at: 600, text: 'S1 leads term 1; C1 wrote `x = 1`.', highlights: { nodes: ['S1'] } },
    {
      at: 1420,
      text:
        'S1 is isolated but still believes it leads (no CheckQuorum). The others elected S3 for term 2, and C1 wrote ' +
        '`x = 2` through S3: that write has completed.',
      highlights: { nodes: ['S1', 'S3'] },
    },
    {
      at: 1645,
      text: 'Now client C2 reads `x` from S1.',
      highlights: { nodes: ['S1'] },
      question: {
        prompt: 'What does the read return?',
        choices: ['2: the latest completed write', '1: S1 answers from its own stale state machine', 'Nothing, it waits'],
        answer: 1,
      },
    },
    {
      at: 1700,
      text:
        'C2 got `1`, although `x = 2` had completed before C2 even asked: a **stale read**. The linearizability checker ' +
        'flags the history.',
      highlights: { nodes: ['S1'] },
    },
    { at: 3740, text: 'After the partition healed S1 stepped down for term 2 and caught up.' },
  ],
});

const staleReadsReadIndex = scenario({
  title: 'Linearizable reads with ReadIndex',
  description:
    'The same run with ReadIndex (thesis §6.4): before answering a read, the leader records its commit index and ' +
    'confirms it is still leader with a round of heartbeats. The isolated S1 cannot confirm, so it never answers; the ' +
    'client retries elsewhere and reads the latest value.',
  options: { seed: 1, features: { readIndex: true } },
  actions: STALE_READ_ACTIONS,
  tour: [
    { at: 1420, text: 'S1 is isolated; S3 leads term 2 and `x = 2` has completed through it.', highlights: { nodes: ['S1', 'S3'] } },
    {
      at: 1645,
      text: 'Client C2 reads `x` from S1, which still believes it leads term 1.',
      highlights: { nodes: ['S1'] },
      question: {
        prompt: 'What does S1 do with the read?',
        choices: [
          'Answers 1 from its state machine',
          'Sends a heartbeat round to confirm it still leads, gets no majority, and never answers',
        ],
        answer: 1,
      },
    },
    {
      at: 2430,
      text: 'S1 never answered. C2 timed out, retried at another server, reached S3 and read `2`: the read is linearizable.',
      highlights: { nodes: ['S3'] },
    },
    { at: 3740, text: 'After the partition healed S1 stepped down and caught up.' },
  ],
});

export const LIBRARY: readonly LibraryEntry[] = [
  { id: 'election', topic: 'Leader election', scenario: election },
  { id: 'lab', topic: 'Leader crash and re-election', scenario: lab },
  { id: 'replication', topic: 'Log replication', scenario: replication },
  { id: 'partition', topic: 'Network partition', scenario: partition },
  { id: 'figure-7', topic: 'The paper’s figures', scenario: figure7 },
  { id: 'figure-8', topic: 'The paper’s figures', scenario: figure8 },
  { id: 'figure-8-broken', topic: 'The paper’s figures', scenario: figure8Broken },
  { id: 'prevote-off', topic: 'Extensions', scenario: prevoteOff },
  { id: 'prevote-on', topic: 'Extensions', scenario: prevoteOn },
  { id: 'checkquorum-on', topic: 'Extensions', scenario: checkQuorumOn },
  { id: 'checkquorum-off', topic: 'Extensions', scenario: checkQuorumOff },
  { id: 'transfer', topic: 'Extensions', scenario: transfer },
  { id: 'membership', topic: 'Extensions', scenario: membership },
  { id: 'snapshot', topic: 'Extensions', scenario: snapshot },
  { id: 'stale-reads', topic: 'Extensions', scenario: staleReadsLocal },
  { id: 'read-index', topic: 'Extensions', scenario: staleReadsReadIndex },
];

/** A copy of a built-in scenario by id, or undefined. */
export function libraryScenario(id: string): Scenario | undefined {
  const entry = LIBRARY.find((e) => e.id === id);
  return entry === undefined ? undefined : structuredClone(entry.scenario);
}
