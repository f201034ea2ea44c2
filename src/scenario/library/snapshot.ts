import { ALL, lecture } from './define.ts';

export default lecture('snapshot', {
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
      show: { select: 'S1' },
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
      show: { select: 'S5' },
      highlights: { nodes: ['S5'] },
    },
    { at: 1880, text: 'All five state machines are identical: k0 = 6, k1 = 7, k2 = 8.', highlights: ALL },
  ],
});
