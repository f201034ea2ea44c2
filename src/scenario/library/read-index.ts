import { lecture } from './define.ts';
import { STALE_READ_ACTIONS } from './pairs.ts';

export default lecture('read-index', {
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
