import { lecture } from './define.ts';

const LAB = ['127.0.0.1:8000', '127.0.0.1:8001', '127.0.0.1:8002'];

export default lecture('lab', {
  options: { nodes: LAB, seed: 1 },
  actions: [
    { at: 356, type: 'propose', node: '127.0.0.1:8001', command: { data_id: 1 } },
    { at: 506, type: 'propose', node: '127.0.0.1:8001', command: { data_id: 2 } },
    { at: 756, type: 'crash', node: '127.0.0.1:8001' },
    { at: 1158, type: 'propose', node: '127.0.0.1:8002', command: { data_id: 3 } },
    { at: 1408, type: 'restart', node: '127.0.0.1:8001' },
    { at: 1808, type: 'crash', node: '127.0.0.1:8000' },
    { at: 1908, type: 'propose', node: '127.0.0.1:8002', command: { data_id: 4 } },
    { at: 2208, type: 'restart', node: '127.0.0.1:8000' },
  ],
  tour: [
    {
      at: 0,
      text:
        'Three nodes, `LEADER => None` everywhere. Each node’s files are empty: no log entries, state machine `{}`, ' +
        'storage `{"term": 0, "voted_for": null}`.',
      highlights: { nodes: LAB },
    },
    {
      at: 300,
      text:
        '127.0.0.1:8001 timed out first and won term 1: every node now prints `LEADER => 127.0.0.1:8001`. The voters ' +
        'persisted `{"term": 1, "voted_for": "127.0.0.1:8001"}` **before** answering — a vote must survive a crash.',
      show: { select: '127.0.0.1:8000' },
      highlights: { nodes: ['127.0.0.1:8001'] },
    },
    {
      at: 600,
      text:
        '`{"data_id": 1}` and `{"data_id": 2}` were written through the leader. Each log now holds ' +
        '`{"term": 1, "command": {"data_id": 1}}` and `{"term": 1, "command": {"data_id": 2}}` (after the leader’s ' +
        'no-op at index 1); once committed they were applied: every state machine shows `{"data_id": 2}`.',
      highlights: {
        entries: LAB.flatMap((node) => [
          { node, index: 2 },
          { node, index: 3 },
        ]),
      },
    },
    {
      at: 760,
      text: 'We kill the leader, 127.0.0.1:8001. The two others stop receiving heartbeats.',
      highlights: { nodes: ['127.0.0.1:8001'] },
      question: {
        prompt: 'What happens next?',
        choices: [
          'Nothing until 127.0.0.1:8001 comes back',
          'One survivor times out, becomes candidate of term 2 and wins with the other’s vote (2 of 3)',
          'Both survivors become leaders, one each',
        ],
        answer: 1,
      },
    },
    {
      at: 1100,
      text:
        '127.0.0.1:8002 won term 2: `LEADER => 127.0.0.1:8002`. 127.0.0.1:8000 persisted ' +
        '`{"term": 2, "voted_for": "127.0.0.1:8002"}`. The new leader appended a no-op of term 2.',
      show: { select: '127.0.0.1:8000' },
      highlights: { nodes: ['127.0.0.1:8002', '127.0.0.1:8000'] },
    },
    {
      at: 1410,
      text:
        '`{"data_id": 3}` was written through the new leader and committed by the two live nodes. Now 127.0.0.1:8001 ' +
        'restarts.',
      highlights: { nodes: ['127.0.0.1:8001'] },
      question: {
        prompt: 'Right after restarting, before it hears from the leader, what does 127.0.0.1:8001 hold?',
        choices: [
          'Its term, vote and log (persistent), but an empty state machine and commitIndex 0 (volatile)',
          'Nothing: a crash erases everything',
          'Everything it had, state machine included',
        ],
        answer: 0,
      },
    },
    {
      at: 1500,
      text:
        'The leader’s AppendEntries brought 127.0.0.1:8001 the term-2 entries it missed and the commit index; it ' +
        're-applied its whole log and shows `{"data_id": 3}`, `LEADER => 127.0.0.1:8002`.',
      show: { select: '127.0.0.1:8001' },
      highlights: { nodes: ['127.0.0.1:8001'] },
    },
    {
      at: 2608,
      text:
        'We killed the follower 127.0.0.1:8000 and wrote `{"data_id": 4}`: two of three nodes are still a majority, so ' +
        'it committed. After its restart 127.0.0.1:8000 caught up. All three nodes hold the same six log entries, the ' +
        'state machine `{"data_id": 4}` and storage of term 2.',
      show: { select: '127.0.0.1:8000' },
      highlights: { nodes: LAB },
    },
  ],
});
