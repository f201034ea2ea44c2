// What the page and an experiment worker say to each other.

import type { BroadcastTime } from './broadcast.ts';
import type { ExperimentSpec, TrialResult } from './types.ts';

export interface ShardRequest {
  spec: ExperimentSpec;
  /** This worker runs work items shard, shard + of, shard + 2·of, … */
  shard: number;
  of: number;
  /** Make every trial's link (the console's result); the app makes one only when a point is clicked. */
  links: boolean;
}

export type WorkerMessage =
  | { type: 'trials'; trials: TrialResult[]; links: [string, string][] }
  | { type: 'broadcast'; times: (BroadcastTime | undefined)[] }
  | { type: 'done' }
  | { type: 'error'; message: string };
