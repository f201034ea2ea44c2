import { lecture } from './define.ts';
import { STALE_READ_ACTIONS } from './pairs.ts';

export default lecture('stale-reads', {
  options: { seed: 1, features: { variant: 'local-reads' } },
  actions: STALE_READ_ACTIONS,
  tour: [
    { at: 600, text: 'S1 leads term 1; C1 wrote `x = 1`.', highlights: { nodes: ['S1'] } },
    {
      at: 1420,
      text:
        'S1 is isolated but still believes it leads (no CheckQuorum). The others elected S3 for term 2, and C1 wrote ' +
        '`x = 2` through S3: that write has completed.',
      highlights: { nodes: ['S1', 'S3'] },
    },
    {
      at: 1645,
      text: 'Now client C2 reads `x` from S1.',
      highlights: { nodes: ['S1'] },
      question: {
        prompt: 'What does the read return?',
        choices: ['2: the latest completed write', '1: S1 answers from its own stale state machine', 'Nothing, it waits'],
        answer: 1,
      },
    },
    {
      at: 1700,
      text:
        'C2 got `1`, although `x = 2` had completed before C2 even asked: a **stale read**. The linearizability checker ' +
        'flags the history.',
      show: { tab: 'safety' },
      highlights: { nodes: ['S1'] },
    },
    { at: 3740, text: 'After the partition healed S1 stepped down for term 2 and caught up.' },
  ],
});
