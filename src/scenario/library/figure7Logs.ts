// The logs of Figure 7 of the Raft paper (Ongaro & Ousterhout 2014), written once: the terms of
// each log's entries, index 1 first, for the server about to lead term 8 and followers (a)–(f).
// Used by the figure-7 lecture, its authoring script and its tests. An entry's command names it:
// `i<index>t<term>`.

export const FIGURE_7_SERVERS = ['leader', 'a', 'b', 'c', 'd', 'e', 'f'] as const;

export type Figure7Server = (typeof FIGURE_7_SERVERS)[number];

export const FIGURE_7: Readonly<Record<Figure7Server, readonly number[]>> = {
  leader: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6],
  a: [1, 1, 1, 4, 4, 5, 5, 6, 6], //          missing entries
  b: [1, 1, 1, 4], //                         missing many
  c: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6], //    one extra uncommitted entry of term 6
  d: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7], // two extra entries of term 7
  e: [1, 1, 1, 4, 4, 4, 4], //                missing entries, extra ones of term 4
  f: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3], //    led terms 2 and 3, never committed them
};

/**
 * The servers' initial state (`options.initial`) in Figure 7: each log, and as term the last
 * entry's, except the leader's, 7 (its election timer fires and it starts term 8).
 */
export function figure7Initial(): Record<Figure7Server, { term: number; votedFor: null; log: { term: number; command: string }[] }> {
  const initial = {} as Record<Figure7Server, { term: number; votedFor: null; log: { term: number; command: string }[] }>;
  for (const id of FIGURE_7_SERVERS) {
    const terms = FIGURE_7[id];
    initial[id] = {
      term: id === 'leader' ? 7 : terms[terms.length - 1],
      votedFor: null,
      log: terms.map((term, i) => ({ term, command: `i${i + 1}t${term}` })),
    };
  }
  return initial;
}
