import { lecture } from './define.ts';

export default lecture('transfer', {
  options: { seed: 1 },
  actions: [
    { at: 390, type: 'request', op: { type: 'put', key: 'x', value: '1' } },
    { at: 640, type: 'transferLeadership', node: 'S3' },
    { at: 940, type: 'request', op: { type: 'put', key: 'x', value: '2' } },
  ],
  tour: [
    { at: 600, text: 'S1 leads term 1 and `x = 1` is committed everywhere.', highlights: { nodes: ['S1'] } },
    {
      at: 645,
      text: 'We ask S1 to transfer leadership to S3. S3 is up to date, so S1 sends it **TimeoutNow** right away.',
      highlights: { nodes: ['S1', 'S3'] },
      question: {
        prompt: 'How long will S3 wait before starting its election?',
        choices: ['Its usual random election timeout (150–300 ms)', 'Not at all: TimeoutNow makes it start one at once'],
        answer: 1,
      },
    },
    {
      at: 700,
      text: 'S3 started term 2 at once and won it: leadership moved in about 40 ms, with no period of missed heartbeats.',
      highlights: { nodes: ['S3'] },
    },
    {
      at: 1240,
      text: '`put x = 2` went to the new leader S3 and committed. S1 is an ordinary follower.',
      highlights: { nodes: ['S3', 'S1'] },
    },
  ],
});
