// What the lectures of a Compare pair share — the same seed and action script, differing in one
// option — so that both replay the same run up to where that option matters. (Figure 8's pair
// shares more: figure8Run.ts.)

import type { Action } from '../../sim/index.ts';

/** prevote-off / prevote-on: S5 cut off from 390 ms to 2190 ms while x = 1 commits without it. */
export const PREVOTE: { seed: number; actions: Action[] } = {
  // Seed 209 since raftlab-2 (seed 1 before): with it S3, not S5, wins term 10 after the heal.
  seed: 209,
  actions: [
    { at: 390, type: 'partition', groups: [['S5']] },
    { at: 440, type: 'request', op: { type: 'put', key: 'x', value: '1' } },
    { at: 2190, type: 'heal' },
  ],
};

/** checkquorum-on / checkquorum-off (seed 1): the leader S1 cut off from 576 ms to 1576 ms. */
export const CHECKQUORUM_ACTIONS: Action[] = [
  { at: 576, type: 'partition', groups: [['S1']] },
  { at: 1576, type: 'heal' },
];

/** stale-reads / read-index (seed 1): S1 cut off at 690 ms; x = 2 written through S3, x read from S1. */
export const STALE_READ_ACTIONS: Action[] = [
  { at: 390, type: 'request', op: { type: 'put', key: 'x', value: '1' }, client: 'C1' },
  { at: 690, type: 'partition', groups: [['S1']] },
  { at: 1340, type: 'request', op: { type: 'put', key: 'x', value: '2' }, client: 'C1', to: 'S3' },
  { at: 1640, type: 'request', op: { type: 'get', key: 'x' }, client: 'C2', to: 'S1' },
  { at: 3440, type: 'heal' },
];
