import { lecture } from './define.ts';
import { PREVOTE } from './pairs.ts';

export default lecture('prevote-on', {
  options: { seed: PREVOTE.seed, features: { preVote: true } },
  actions: PREVOTE.actions,
  tour: [
    {
      at: 600,
      text: 'S1 leads term 1 (PreVote added one round to the first election). S5 is isolated; `put x = 1` commits without it.',
      highlights: { nodes: ['S5'] },
    },
    {
      at: 2100,
      text:
        'S5 timed out repeatedly, but each time only as a **pre-candidate**: it asked for pre-votes without raising ' +
        'its term, and got none. It is still in term 1.',
      highlights: { nodes: ['S5'] },
      question: {
        prompt: 'When the partition heals, what happens to the leader?',
        choices: ['It steps down for S5’s higher term', 'Nothing: S5’s term is not higher, it simply follows S1 again'],
        answer: 1,
      },
    },
    {
      at: 2990,
      text: 'S5 heard S1’s heartbeat, became a follower and caught up. S1 leads term 1 throughout: no disruption.',
      highlights: { nodes: ['S1', 'S5'] },
    },
  ],
});
