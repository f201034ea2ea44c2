import { lecture } from './define.ts';
import { CHECKQUORUM_ACTIONS } from './pairs.ts';

export default lecture('checkquorum-off', {
  options: { seed: 1, features: { preVote: true } },
  actions: CHECKQUORUM_ACTIONS,
  tour: [
    { at: 580, text: 'S1 leads term 1 and is now isolated.', highlights: { nodes: ['S1'] } },
    {
      at: 1500,
      text:
        'S5 leads term 2, and S1 still thinks it leads term 1: nothing tells it otherwise. It cannot commit anything, ' +
        'but a client that reaches it may be served stale data (see the stale-reads scenario).',
      highlights: { nodes: ['S1', 'S5'] },
      question: {
        prompt: 'When does S1 stop being leader?',
        choices: ['After an election timeout', 'Only when it hears a message of a higher term, after the partition heals'],
        answer: 1,
      },
    },
    { at: 2076, text: 'After the partition healed S1 saw term 2 and stepped down.', highlights: { nodes: ['S1'] } },
  ],
});
