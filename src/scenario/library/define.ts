// What each lecture module builds its scenario with. A lecture is written as a built-in
// (../builtin.ts: options as a diff against the frozen v1 defaults), the action script recorded by playing it live through the scripting
// API (src/scenario/authoring.ts shows how) and its guided tour; its title and description
// are the library index's (index.ts), which lists lectures without loading them.

import type { Action } from '../../sim/index.ts';
import type { Scenario, TourStep } from '../format.ts';
import { defineBuiltin, type OptionsDiff } from '../builtin.ts';
import { lectureInfo } from './index.ts';

/** The scenario of lecture `id` (validated; throws naming the field if it is not). */
export function lecture(id: string, s: { options: OptionsDiff; actions: Action[]; tour: TourStep[] }): Scenario {
  const info = lectureInfo(id);
  if (info === undefined) throw new Error(`lecture '${id}' is not in the library index (src/scenario/library/index.ts)`);
  return defineBuiltin({ options: s.options, actions: s.actions, tour: s.tour, title: info.title, description: info.description });
}

export const FIVE = ['S1', 'S2', 'S3', 'S4', 'S5'];
export const ALL = { nodes: FIVE };
