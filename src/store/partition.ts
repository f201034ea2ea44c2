// Partition maths, pure: the groups in force, the groups after a server is dragged into another
// one's group (or away, alone), and whether a link lets messages through. The actions that
// apply them are in actions.ts; the view's drag gestures in src/view/stage/drag.ts.

import type { NetworkView } from '../sim/index.ts';

/** The servers and network of a frame: all the partition maths reads. */
export interface NetworkOfFrame {
  ids: readonly string[];
  network: NetworkView;
}

/** The partition groups in force, with the unlisted servers as one more group (no partition: one group of all). */
export function currentGroups(s: NetworkOfFrame): string[][] {
  const listed = new Set(s.network.groups.flat());
  const groups = s.network.groups.map((g) => g.slice());
  const rest = s.ids.filter((id) => !listed.has(id));
  if (groups.length === 0) return [s.ids.slice()];
  if (rest.length > 0) groups.push(rest);
  return groups;
}

/**
 * The groups after moving `node` into `target`'s group (null: alone). With no partition in
 * force (one group), moving A onto B makes the group {B, A} and everyone else the other group.
 * One group left means no partition (heal).
 */
export function nextGroups(groups: string[][], node: string, target: string | null): string[][] {
  const unpartitioned = groups.length <= 1;
  const without = groups.map((g) => g.filter((x) => x !== node)).filter((g) => g.length > 0);
  if (target === null) return [...without, [node]];
  if (unpartitioned) {
    const rest = without.flat().filter((x) => x !== target);
    return rest.length > 0 ? [[target, node], rest] : [[target, node]];
  }
  return without.map((g) => (g.includes(target) ? [...g, node] : g));
}

/** Whether messages from → to get through the partition and link settings. */
export function linkUp(network: NetworkView, from: string, to: string): boolean {
  const link = network.links.find((l) => l.from === from && l.to === to);
  if (link?.link.up === false) return false;
  if (network.groups.length > 0) {
    const ga = network.groups.findIndex((g) => g.includes(from));
    const gb = network.groups.findIndex((g) => g.includes(to));
    // nodes in no listed group form one more group
    if (ga !== gb) return false;
  }
  return true;
}
