import { lecture } from './define.ts';
import { PREVOTE } from './pairs.ts';

export default lecture('prevote-off', {
  options: { seed: PREVOTE.seed },
  actions: PREVOTE.actions,
  tour: [
    {
      at: 600,
      text: 'S1 leads term 1. S5 is isolated, and `put x = 1` commits without it: S5’s log is now behind.',
      highlights: { nodes: ['S5'] },
    },
    {
      at: 2100,
      text:
        'Cut off from any leader, S5 timed out again and again, becoming candidate of terms 2, 3, … 8. Nobody hears ' +
        'its RequestVotes. The rest of the cluster is still in term 1.',
      highlights: { nodes: ['S5'] },
      question: {
        prompt: 'The partition heals. What will S5’s term 8 do to the leader of term 1?',
        choices: [
          'Nothing: S5 simply becomes a follower again',
          'The leader sees a higher term and steps down, so the cluster holds an election',
          'S5 becomes the leader of term 8',
        ],
        answer: 1,
      },
    },
    {
      at: 2300,
      text:
        'S1 heard term 8 and stepped down: no leader. S5 campaigns in term 9 but loses — its log lacks `x = 1` — yet ' +
        'everyone has moved to its term.',
      highlights: { nodes: ['S1', 'S5'] },
    },
    {
      at: 2990,
      text:
        'S3 won term 10 and service resumed: a server that could not win still cost an election and a gap with no ' +
        'leader. PreVote prevents this.',
      highlights: { nodes: ['S3'] },
    },
  ],
});
