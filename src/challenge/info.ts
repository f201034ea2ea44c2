// A built-in challenge as the lecture library lists it (catalog.ts holds these, written out so
// the library does not load the challenges themselves; challenges.test.ts checks they agree).

import type { BuiltinChallenge } from './builtin.ts';
import { formatMs } from './describe.ts';
import { v1Options } from './builtin.ts';

export interface ChallengeInfo {
  id: string;
  topic: string;
  title: string;
  description: string;
  /** One line: servers, the action budget, the time limit. */
  meta: string;
}

export function catalogInfo(b: BuiltinChallenge): ChallengeInfo {
  const servers = v1Options(b.options).nodes.length;
  const budget = b.rules.budget;
  const parts = [`${servers} servers`];
  if (budget !== undefined) parts.push(`${budget} action${budget === 1 ? '' : 's'}`);
  if (b.rules.timeLimitMs !== undefined) parts.push(`within ${formatMs(b.rules.timeLimitMs)}`);
  return { id: b.id, topic: b.topic, title: b.title, description: b.description, meta: parts.join(' · ') };
}
