import { lecture } from './define.ts';
import { FIGURE_7_SERVERS, figure7Initial } from './figure7Logs.ts';

export default lecture('figure-7', {
  options: { nodes: [...FIGURE_7_SERVERS], initial: figure7Initial() },
  actions: [{ at: 0, type: 'timeout', node: 'leader' }],
  tour: [
    {
      at: 0,
      text:
        'The logs of Figure 7. (a) and (b) miss entries; (c) has one extra entry of term 6; (d) two extra of term 7; ' +
        '(e) misses entries and has extra ones of term 4; (f) led terms 2 and 3 and never committed them. We force ' +
        'the top server’s election timer.',
      show: { logsLarge: true },
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
      show: { logsLarge: true },
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
      show: { logsLarge: true },
      highlights: { nodes: ['c', 'd'] },
    },
    {
      at: 150,
      text:
        'The others rejected the first AppendEntries. Each rejection carries a **conflict hint** (the conflicting ' +
        'term and its first index), so the leader backs up a whole term per round trip: (f) lost its entries of terms ' +
        '2 and 3, (e) its extra term-4 entries, and (a) and (b) received what they were missing.',
      show: { logsLarge: true },
      highlights: { nodes: ['e', 'f', 'a', 'b'] },
    },
    {
      at: 400,
      text:
        'Every log is now identical to the leader’s, and index 11 (term 8) is committed on all seven servers — which ' +
        'commits every entry before it, too.',
      show: { logsLarge: true },
      highlights: { nodes: [...FIGURE_7_SERVERS] },
    },
  ],
});
