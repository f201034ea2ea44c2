// Partition maths, table-driven: the groups in force, the groups after a move, and whether a
// link lets messages through.
import { describe, expect, it } from 'vitest';
import type { NetworkView } from '../sim/index.ts';
import { currentGroups, linkUp, nextGroups } from './partition.ts';

const FIVE = ['S1', 'S2', 'S3', 'S4', 'S5'];

function net(groups: string[][], cut: [string, string][] = []): NetworkView {
  return {
    groups,
    links: cut.map(([from, to]) => ({ from, to, link: { up: false } })),
    settings: { latencyMin: 10, latencyMax: 30, lossRate: 0, duplicateRate: 0, manual: false },
  };
}

describe('currentGroups', () => {
  it.each([
    { what: 'no partition: one group of all', groups: [], want: [FIVE] },
    { what: 'every server listed', groups: [['S1', 'S2'], ['S3', 'S4', 'S5']], want: [['S1', 'S2'], ['S3', 'S4', 'S5']] },
    { what: 'the unlisted servers form one more group', groups: [['S2', 'S4']], want: [['S2', 'S4'], ['S1', 'S3', 'S5']] },
    { what: 'two listed groups and the rest', groups: [['S1'], ['S5']], want: [['S1'], ['S5'], ['S2', 'S3', 'S4']] },
  ])('$what', ({ groups, want }) => {
    expect(currentGroups({ ids: FIVE, network: net(groups) })).toEqual(want);
  });

  it('returns copies: changing them leaves the network alone', () => {
    const network = net([['S1', 'S2']]);
    currentGroups({ ids: FIVE, network })[0].push('S9');
    expect(network.groups).toEqual([['S1', 'S2']]);
  });
});

describe('nextGroups', () => {
  it.each([
    { what: 'onto another with no partition: that pair against the rest', groups: [FIVE], node: 'S1', target: 'S3', want: [['S3', 'S1'], ['S2', 'S4', 'S5']] },
    { what: 'onto the other of two servers: one group (heal)', groups: [['S1', 'S2']], node: 'S1', target: 'S2', want: [['S2', 'S1']] },
    { what: 'into another group', groups: [['S1', 'S2'], ['S3', 'S4', 'S5']], node: 'S3', target: 'S1', want: [['S1', 'S2', 'S3'], ['S4', 'S5']] },
    { what: 'into its own group: no change', groups: [['S1', 'S2'], ['S3', 'S4', 'S5']], node: 'S1', target: 'S2', want: [['S2', 'S1'], ['S3', 'S4', 'S5']] },
    { what: 'the last of a group into another: the group goes', groups: [['S1', 'S2'], ['S3']], node: 'S3', target: 'S1', want: [['S1', 'S2', 'S3']] },
    { what: 'away with no partition: isolated', groups: [FIVE], node: 'S4', target: null, want: [['S1', 'S2', 'S3', 'S5'], ['S4']] },
    { what: 'away from a group: isolated', groups: [['S1', 'S2'], ['S3', 'S4', 'S5']], node: 'S2', target: null, want: [['S1'], ['S3', 'S4', 'S5'], ['S2']] },
    { what: 'away when already alone: still alone', groups: [['S1'], ['S2', 'S3']], node: 'S1', target: null, want: [['S2', 'S3'], ['S1']] },
  ])('$what', ({ groups, node, target, want }) => {
    expect(nextGroups(groups, node, target)).toEqual(want);
  });
});

describe('linkUp', () => {
  it.each([
    { what: 'no partition, no cut', network: net([]), from: 'S1', to: 'S2', want: true },
    { what: 'same group', network: net([['S1', 'S2'], ['S3']]), from: 'S1', to: 'S2', want: true },
    { what: 'across groups', network: net([['S1', 'S2'], ['S3']]), from: 'S1', to: 'S3', want: false },
    { what: 'both unlisted: the same extra group', network: net([['S1']]), from: 'S2', to: 'S3', want: true },
    { what: 'listed to unlisted', network: net([['S1']]), from: 'S1', to: 'S2', want: false },
    { what: 'this direction cut', network: net([], [['S1', 'S2']]), from: 'S1', to: 'S2', want: false },
    { what: 'only the other direction cut', network: net([], [['S1', 'S2']]), from: 'S2', to: 'S1', want: true },
  ])('$what', ({ network, from, to, want }) => {
    expect(linkUp(network, from, to)).toBe(want);
  });
});
