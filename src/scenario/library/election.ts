import { ALL, lecture } from './define.ts';

export default lecture('election', {
  options: { seed: 85 },
  actions: [],
  tour: [
    {
      at: 0,
      text:
        'Five servers boot as **followers** of term 0. Each has drawn a random **election timeout** between 150 and ' +
        '300 ms, which counts down from now. Nobody is leader yet.',
      highlights: ALL,
    },
    {
      at: 171,
      text:
        "S1's timer expires first. It becomes a **candidate**: it increments its term to 1, votes for itself and sends " +
        '**RequestVote** to the four others.',
      highlights: { nodes: ['S1'] },
    },
    {
      at: 176,
      text:
        "Before S1's requests arrive (the network takes 10–30 ms), S2 (at 172 ms) and S5 (at 174 ms) time out too. " +
        'There are now three candidates in term 1, each having voted for itself.',
      highlights: { nodes: ['S1', 'S2', 'S5'] },
      question: {
        prompt: 'Can any of the three candidates win term 1?',
        choices: [
          'Yes: S1, because it started first',
          'Only if it collects 3 of the 5 votes, and each server votes once per term',
          'Yes: all three can lead term 1 together',
        ],
        answer: 1,
      },
    },
    {
      at: 230,
      text:
        'The votes are in: S1 has its own and S3’s, S2 has its own and S4’s, S5 only its own. Nobody has a majority of ' +
        '3 — a **split vote**. Each candidate draws a *new* random timeout and waits.',
      highlights: { nodes: ['S1', 'S2', 'S5'] },
    },
    {
      at: 330,
      text:
        "S1's new timeout expires first, well before anyone else's: it starts term 2 and its RequestVotes reach the " +
        'others before their own timers run out.',
      highlights: { nodes: ['S1'] },
    },
    {
      at: 400,
      text:
        'S1 won term 2 at 368 ms with the votes of S4 and S5 (then S3 and S2). As **leader** it sends heartbeats ' +
        '(empty AppendEntries) every 50 ms, which reset every follower’s election timer: no more elections.',
      highlights: { nodes: ['S1'] },
      question: {
        prompt: 'Why do randomized timeouts make split votes rare?',
        choices: [
          'Servers usually time out at different moments, so one candidate asks for votes before the others start',
          'Random timeouts guarantee that no two servers ever time out together',
          'A server with a shorter timeout is given priority by the others',
        ],
        answer: 0,
      },
    },
    {
      at: 600,
      text: 'A steady state: one leader, four followers, all in term 2. The split vote cost one extra round of about 150 ms.',
    },
  ],
});
