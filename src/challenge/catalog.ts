// The built-in challenges as the lecture library lists them: id, topic, title, explanation, size.
// Small and eager (the library is); the challenges themselves (bases, goals, solutions) are in
// builtins.ts, loaded with the challenge UI. challenges.test.ts checks the two agree.

import type { ChallengeInfo } from './info.ts';

export const CHALLENGE_CATALOG: readonly ChallengeInfo[] = [
  {
    id: 'elect-s3',
    topic: 'Elections',
    title: 'Make S3 the leader',
    description: 'S1 leads a healthy cluster of five. Make **S3** the leader, with a single action.',
    meta: '5 servers · 1 action · within 1 s',
  },
  {
    id: 'two-leaders',
    topic: 'Elections',
    title: 'Two leaders in 2 seconds',
    description: 'Make two different servers leader, in different terms, within 2 s of simulated time.',
    meta: '5 servers · 2 actions · within 2 s',
  },
  {
    id: 'split-vote',
    topic: 'Elections',
    title: 'Cause a split vote',
    description: 'Four servers, S1 leading. Make an election end **without a winner** because the votes split.',
    meta: '4 servers · 3 actions · within 1.5 s',
  },
  {
    id: 'leaderless',
    topic: 'Elections',
    title: 'Leaderless for 2 seconds, with one crash',
    description: 'Every election timeout here is exactly 150 ms: there is **no randomness**. With one crash, keep the cluster without a leader for more than 2 s while a majority is up. (It looks impossible: four servers are up, and any of them can win.)',
    meta: '5 servers · 1 action · within 5 s',
  },
  {
    id: 'forget-vote',
    topic: 'Broken Raft',
    title: 'Two leaders in one term (forget-vote)',
    description: 'This Raft keeps `votedFor` in memory only (the `forget-vote` variant), though Figure 2 says it is persistent. Make **two servers leader in the same term**: the safety monitor will find Election Safety violated.',
    meta: '3 servers · 4 actions · within 3 s',
  },
  {
    id: 'vote-without-log-check',
    topic: 'Broken Raft',
    title: 'A leader without a committed entry (vote-without-log-check)',
    description: 'This Raft grants votes without the election restriction (`vote-without-log-check`): a voter does not check that the candidate’s log is at least as up to date as its own (§5.4.1). Get a server **elected that lacks a committed entry**: the safety monitor will find Leader Completeness violated.',
    meta: '5 servers · 4 actions · within 5 s',
  },
  {
    id: 'truncate-always',
    topic: 'Broken Raft',
    title: 'Erase a committed entry with an old message (truncate-always)',
    description: 'This Raft truncates a follower’s log after `prevLogIndex` on every AppendEntries, even when the entries match (`truncate-always`; Figure 2 says delete only on a conflict). The leader S1 has just sent x=1 to S2 and S3. Using a late message, get the followers to **lose a committed entry** and one of them be elected: Leader Completeness violated.',
    meta: '3 servers · 5 actions · within 3 s',
  },
  {
    id: 'commit-partitioned',
    topic: 'Partitions',
    title: 'Commit while the leader is cut off',
    description: 'S1 leads. Get a new client command **committed while S1 is partitioned away** from the leader that commits it.',
    meta: '5 servers · 3 actions · within 3 s',
  },
  {
    id: 'commit-3-of-5',
    topic: 'Replication',
    title: 'Commit with only 3 of 5 up',
    description: 'Commit a client command while **only three of the five servers are up**.',
    meta: '5 servers · 3 actions · within 3 s',
  },
  {
    id: 'truncate',
    topic: 'Replication',
    title: 'Make a follower’s log be truncated',
    description: 'Make a server **delete entries** from its log because they conflict with the leader’s (Figure 2, AppendEntries rule 3).',
    meta: '5 servers · 5 actions · within 5 s',
  },
  {
    id: 'figure-8',
    topic: 'Figure 8',
    title: 'Figure 8: overwrite an entry stored on a majority',
    description: 'Correct Raft with no no-op on election (as in the paper’s Figure 8). Make an entry that is **stored on a majority** of the servers be **overwritten** later — it was never committed, so Raft stays safe.',
    meta: '5 servers · 24 actions',
  },
  {
    id: 'figure-8-broken',
    topic: 'Figure 8',
    title: 'Figure 8, broken: erase a committed entry',
    description: 'This Raft has the bug of Figure 8 (`commit-old-terms`): a leader counts replicas of entries of earlier terms. Get an entry **committed and then erased** — a safety violation.',
    meta: '5 servers · 24 actions',
  },
  {
    id: 'prevote-refuses',
    topic: 'PreVote and CheckQuorum',
    title: 'PreVote refuses a disrupting server',
    description: 'PreVote is on (thesis §9.6). Make a server that was cut off try to start an election when it comes back — and be **refused** by a PreVote reply, so the leader keeps its term.',
    meta: '5 servers · 2 actions · within 3 s',
  },
  {
    id: 'checkquorum-step-down',
    topic: 'PreVote and CheckQuorum',
    title: 'CheckQuorum: a leader steps down by itself',
    description: 'CheckQuorum is on (thesis §6.2). Make the leader S1 **step down without crashing it and without it hearing of a higher term**.',
    meta: '5 servers · 1 action · within 2 s',
  },
  {
    id: 'transfer',
    topic: 'Membership and transfer',
    title: 'Hand leadership to S4',
    description: 'Make **S4** the leader by a leadership transfer (thesis §3.10): the leader sends it a TimeoutNow. No crashes, no forced timeouts.',
    meta: '5 servers · 1 action · within 1 s',
  },
  {
    id: 'membership-down',
    topic: 'Membership and transfer',
    title: 'Change the membership while a server is down',
    description: 'Commit a **configuration change** (add or remove a server) while **S2 is down**.',
    meta: '5 servers · 3 actions · within 3 s',
  },
  {
    id: 'snapshot',
    topic: 'Snapshots',
    title: 'Catch a server up with a snapshot',
    description: 'The servers take a snapshot every 10 entries, and a client writes 20 times a second. Make the leader send an **InstallSnapshot** (thesis §5.1) to a server that fell behind.',
    meta: '3 servers · 2 actions · within 5 s',
  },
  {
    id: 'stale-read',
    topic: 'Reads',
    title: 'A stale read with local reads',
    description: 'This Raft answers reads from the leader’s local state without checking it is still leader (`local-reads`, thesis §6.4). Make a client **read a stale value**.',
    meta: '5 servers · 4 actions · within 5 s',
  },
];
