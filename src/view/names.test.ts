import { describe, expect, it } from 'vitest';
import { distinguishingPart, shortName, shortNameFor } from './names.ts';

const classic = ['127.0.0.1:8001', '127.0.0.1:8002', '127.0.0.1:8003', '127.0.0.1:8004', '127.0.0.1:8005'];

describe('shortName', () => {
  it('keeps a name that fits', () => {
    expect(shortName('S1', ['S1', 'S2'], 8)).toBe('S1');
    expect(shortName('127.0.0.1:8001', classic, 14)).toBe('127.0.0.1:8001');
  });

  it("cuts the classic lab's shared address, never the port", () => {
    const short = classic.map((id) => shortName(id, classic, 6));
    expect(short).toEqual(['…:8001', '…:8002', '…:8003', '…:8004', '…:8005']);
    expect(shortName('127.0.0.1:8003', classic, 3)).toBe('…03');
    expect(shortName('127.0.0.1:8003', classic, 2)).toBe('…3');
  });

  it('cuts a shared ending from the end', () => {
    const ids = ['alpha.cluster.example.org', 'beta.cluster.example.org', 'gamma.cluster.example.org'];
    expect(ids.map((id) => shortName(id, ids, 7))).toEqual(['alpha.…', 'beta.c…', 'gamma.…']);
  });

  it('keeps a difference in the middle, cutting both sides', () => {
    const ids = ['node-east-1.raft.local', 'node-west-1.raft.local', 'node-north-1.raft.local'];
    const short = ids.map((id) => shortName(id, ids, 8));
    // east and west differ in their first letter only ("ast-1.raft.local" is shared)
    expect(short).toEqual(['node-ea…', 'node-we…', '…-north…']);
    for (const s of short) expect(s.length).toBeLessThanOrEqual(8);
  });

  it('tells apart names sharing a long prefix at any room of at least two characters', () => {
    const prefix = 'datacenter-frankfurt-rack-17-host-';
    const ids = ['a', 'b', 'c', 'dd', 'ee'].map((s) => prefix + s);
    for (let max = 3; max < 20; max++) {
      const short = ids.map((id) => shortName(id, ids, max));
      expect(new Set(short).size, `room ${max}: ${short.join(' ')}`).toBe(ids.length);
      for (const s of short) expect(s.length).toBeLessThanOrEqual(max);
    }
  });

  it('keeps 60-character names apart and within the room', () => {
    const base = 'x'.repeat(50);
    const ids = [`${base}-node-0001`, `${base}-node-0002`, `${base}-node-0003`];
    expect(ids[0]).toHaveLength(60);
    const short = ids.map((id) => shortName(id, ids, 12));
    expect(short).toEqual(['…-node-0001', '…-node-0002', '…-node-0003']);
    // 60-character names that differ from their first character keep their beginning
    const wild = ['A'.repeat(60), 'B'.repeat(60)];
    expect(wild.map((id) => shortName(id, wild, 10))).toEqual(['AAAAAAAAA…', 'BBBBBBBBB…']);
  });

  it('S1 and S10: a name that is the prefix of another is kept whole or by its end', () => {
    const ids = ['S1', 'S10', 'S11'];
    expect(distinguishingPart('S10', ids)).toEqual({ start: 2, end: 3 });
    expect(shortName('S10', ids, 2)).toBe('…0');
  });

  it('one name alone is cut at its end', () => {
    expect(shortName('a-very-long-single-server-name', ['a-very-long-single-server-name'], 8)).toBe('a-very-…');
  });

  it('shortNameFor turns pixels into characters', () => {
    expect(shortNameFor('127.0.0.1:8001', classic, 60, 10)).toBe('…0.1:8001'); // 10 characters of 6 px, cut after a dot
    expect(shortNameFor('127.0.0.1:8001', classic, 1000, 10)).toBe('127.0.0.1:8001');
  });
});
