import { lecture } from './define.ts';

export default lecture('membership', {
  options: { seed: 4, nodes: ['S1', 'S2', 'S3'] },
  actions: [
    { at: 322, type: 'request', op: { type: 'put', key: 'k1', value: '1' } },
    { at: 442, type: 'request', op: { type: 'put', key: 'k2', value: '2' } },
    { at: 562, type: 'request', op: { type: 'put', key: 'k3', value: '3' } },
    { at: 882, type: 'addServer', node: 'S4' },
    { at: 1224, type: 'addServer', node: 'S5' },
    { at: 1532, type: 'removeServer', node: 'S1' },
    { at: 2732, type: 'request', op: { type: 'put', key: 'k4', value: '4' } },
  ],
  tour: [
    {
      at: 800,
      text: 'Three servers; S1 leads term 1 and three writes are committed.',
      highlights: { nodes: ['S1', 'S2', 'S3'] },
    },
    {
      at: 890,
      text:
        'We add S4. It starts empty, as a **learner**: the leader replicates its log to it, but it does not vote and ' +
        'does not count toward a majority yet.',
      show: { select: 'S4' },
      highlights: { nodes: ['S4'] },
      question: {
        prompt: 'Why not make S4 a voter immediately?',
        choices: [
          'With an empty log it would slow down commits (a majority of 4 needs 3) until it caught up',
          'Because learners can never become voters',
          'Because only three servers may vote',
        ],
        answer: 0,
      },
    },
    {
      at: 1030,
      text:
        'S4 caught up, and the leader appended a **configuration entry** {S1, S2, S3, S4}. Every server uses it as soon ' +
        'as it is in its log. It committed: four voters now.',
      highlights: { nodes: ['S4'] },
    },
    {
      at: 1340,
      text: 'S5 joined the same way: five voters.',
      highlights: { nodes: ['S5'] },
    },
    {
      at: 1600,
      text:
        'Now we remove the leader S1. It appends the configuration {S2, S3, S4, S5} and replicates it — while no longer ' +
        'counting itself — and steps down once it commits, handing over first: it sends **TimeoutNow** to S2, which holds ' +
        'its whole log (thesis §3.10).',
      highlights: { nodes: ['S1'] },
    },
    {
      at: 1830,
      text:
        'S2 started an election at once and won term 2 with the votes of S3 and S4: three of the four voters with its own ' +
        '(S5 agreed a moment later). Without the handover the cluster would have waited an election timeout.',
      highlights: { nodes: ['S2'] },
    },
    {
      at: 3132,
      text: '`put k4 = 4` committed under the new configuration. S1 is no longer a member; its log stops where it left.',
      highlights: { nodes: ['S4', 'S1'] },
    },
  ],
});
