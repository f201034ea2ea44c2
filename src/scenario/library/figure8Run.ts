// What the two Figure 8 lectures share (figure-8 and figure-8-broken, a Compare pair): the
// paper's Figure 8 (a)–(d) played on five servers — options, action script and the tour, whose
// text differs only where the broken variant commits index 2.

import type { Action } from '../../sim/index.ts';
import type { TourStep } from '../format.ts';
import type { OptionsDiff } from '../builtin.ts';
import { ALL, FIVE } from './define.ts';

export const FIGURE_8_OPTIONS: OptionsDiff = {
  nodes: FIVE,
  initial: Object.fromEntries(FIVE.map((id) => [id, { term: 1, votedFor: null, log: [{ term: 1, command: { x: 1 } }] }])),
  // Long election timeouts: nobody campaigns unless the script forces a timer.
  timing: { electionTimeoutMin: 5000, electionTimeoutMax: 10000, heartbeatInterval: 50 },
  network: { latencyMin: 5, latencyMax: 15 },
  features: { noopOnElection: false },
};

export const FIGURE_8_ACTIONS: Action[] = [
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

export const figure8Steps = (broken: boolean): TourStep[] => [
  {
    at: 250,
    text:
      '(a) Every server holds index 1 (term 1). S1 won term 2 and, cut off with S2, replicated a new entry `x = 2` at ' +
      'index 2 (term 2) to S2 only. The no-op on election is off here, so the figure plays as in the paper.',
    show: { logsLarge: true },
    highlights: { nodes: ['S1'], entries: [{ node: 'S1', index: 2 }, { node: 'S2', index: 2 }] },
  },
  {
    at: 700,
    text:
      '(b) S1 crashed. S5 won term 3 with the votes of S3, S4 and itself, accepted a different entry `x = 3` at index ' +
      '2 (term 3), and crashed before replicating it.',
    show: { logsLarge: true },
    highlights: { nodes: ['S5'], entries: [{ node: 'S5', index: 2 }] },
  },
  {
    at: 1300,
    text:
      '(c) S1 restarted and won term 4 with S2 and S3 (its first try, in term 3, failed: S3 had already voted in ' +
      'term 3). It replicated its term-2 entry to S3: index 2 is now stored on S1, S2 and S3, a majority.' +
      (broken ? ' This run uses a **broken** Raft that commits old entries by counting replicas.' : ''),
    show: { logsLarge: true },
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
    show: { logsLarge: true },
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
    // the end: the Safety tab shows the violation (broken) or that none happened
    show: { tab: 'safety', logsLarge: true },
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
    // the end: the Safety tab shows the violation (broken) or that none happened
    show: { tab: 'safety', logsLarge: true },
    highlights: ALL,
  },
];
