import { FIVE, lecture } from './define.ts';

export default lecture('replication', {
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
      show: { select: 'S1' },
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
      show: { select: 'S5' },
      highlights: { nodes: ['S5'] },
    },
  ],
});
