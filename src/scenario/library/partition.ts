import { ALL, lecture } from './define.ts';

export default lecture('partition', {
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
