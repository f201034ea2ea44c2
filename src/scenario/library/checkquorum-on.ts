import { lecture } from './define.ts';
import { CHECKQUORUM_ACTIONS } from './pairs.ts';

export default lecture('checkquorum-on', {
  options: { seed: 1, features: { checkQuorum: true, preVote: true } },
  actions: CHECKQUORUM_ACTIONS,
  tour: [
    {
      at: 580,
      text: 'S1 leads term 1. Now it is isolated: its heartbeats reach nobody, and nobody’s replies reach it.',
      highlights: { nodes: ['S1'] },
      question: {
        prompt: 'What will S1 do?',
        choices: [
          'Stay leader until it hears a higher term',
          'Step down once an election timeout passes without replies from a majority',
          'Crash',
        ],
        answer: 1,
      },
    },
    {
      at: 820,
      text: 'The other four elected S5 leader of term 2.',
      highlights: { nodes: ['S5'] },
    },
    {
      at: 880,
      text: 'S1 stepped down: it had not heard from a majority for an election timeout. It is a follower of term 1.',
      highlights: { nodes: ['S1'] },
    },
    {
      at: 2076,
      text: 'After the partition healed S1 learned of term 2 and follows S5. Compare with CheckQuorum off: same seed and actions.',
      highlights: { nodes: ['S1', 'S5'] },
    },
  ],
});
