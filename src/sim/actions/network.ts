// Actions on the network: partition, heal, global settings, one directed link.

import * as z from 'zod/mini';
import { nodeRef, wholeMs as at } from '../atoms.ts';
import { heal as healNetwork, linkKey, releaseHeld, setPartition } from '../network.ts';
import { linkSchema, networkSchema } from '../options.ts';
import type { LinkOptions } from '../types.ts';
import { checkGroupsShape, checkNodeId, groupsProblem, linkProblem, networkProblem, parseLink, parseNetwork } from '../validate.ts';
import { unknownNode } from './checks.ts';
import { defineAction } from './spec.ts';

/** `k=v k=v` of a settings change, for describe. */
const settings = (o: object) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');

export const partition = defineAction<'partition'>({
  type: 'partition',
  label: 'Partition',
  schema: z.strictObject({ at, type: z.literal('partition'), groups: z.array(z.array(nodeRef)) }),
  message: false,
  nodes: (a) => a.groups.flat(),
  scriptProblem: (a, known) => groupsProblem(a.groups, [...known]),
  parse(raw, cx) {
    const groups = raw.groups;
    checkGroupsShape('partition', groups);
    return { type: 'partition', groups: groups.map((g) => g.slice()), at: cx.now };
  },
  check: (a, c) => groupsProblem(a.groups, c.ids),
  apply(w, a) {
    const s = w.s;
    w.record({ ...a, at: s.now, groups: a.groups.map((g) => g.slice()) });
    setPartition(s.network, a.groups, s.ids);
    if (w.tracing) w.emit({ type: 'partition', at: s.now, groups: s.network.groups.map((g) => g.slice()) });
  },
  describe: (a) => `partition ${a.groups.map((g) => `{${g.join(',')}}`).join(' | ')}`,
  wire: {
    code: 'p',
    encode: (a, ref) => [a.groups.map((g) => g.map(ref))],
    decode(args, d) {
      d.arity(1);
      const groups = args[0];
      if (!Array.isArray(groups) || !groups.every((g) => Array.isArray(g))) d.fail(`${d.field}.groups`, 'must be a list of groups');
      return { at: d.at, type: d.type, groups: (groups as unknown[][]).map((g, gi) => g.map((x, ni) => d.ref(`${d.field}.groups[${gi}][${ni}]`, x))) };
    },
  },
});

export const heal = defineAction<'heal'>({
  type: 'heal',
  label: 'Heal',
  schema: z.strictObject({ at, type: z.literal('heal') }),
  message: false,
  nodes: () => [],
  parse: (_raw, cx) => ({ type: 'heal', at: cx.now }),
  check: () => null,
  apply(w, a) {
    w.record({ ...a, at: w.s.now });
    healNetwork(w.s.network);
    if (w.tracing) w.emit({ type: 'heal', at: w.s.now });
  },
  describe: () => 'heal the network',
  wire: {
    code: 'h',
    encode: () => [],
    decode(_args, d) {
      d.arity(0);
      return { at: d.at, type: d.type };
    },
  },
});

export const setNetwork = defineAction<'setNetwork'>({
  type: 'setNetwork',
  label: 'Network settings',
  schema: z.strictObject({ at, type: z.literal('setNetwork'), network: networkSchema }),
  message: false,
  nodes: () => [],
  parse: (raw, cx) => ({ type: 'setNetwork', network: parseNetwork('setNetwork', raw.network), at: cx.now }),
  check: (a, c) => networkProblem(a.network, c.network.settings),
  apply(w, a) {
    const s = w.s;
    w.record({ ...a, at: s.now, network: { ...a.network } });
    const wasManual = s.network.settings.manual;
    const wasFrozen = w.timersFrozen;
    s.network.settings = { ...s.network.settings, ...a.network };
    if (wasManual && !s.network.settings.manual) releaseHeld(s);
    if (wasFrozen && !w.timersFrozen) w.thawTimers();
    if (w.tracing) w.emit({ type: 'network', at: s.now, network: { ...s.network.settings } });
  },
  describe: (a) => `network ${settings(a.network)}`,
  wire: {
    code: 'n',
    encode: (a) => [{ ...a.network }],
    decode(args, d) {
      d.arity(1);
      return { at: d.at, type: d.type, network: args[0] };
    },
  },
});

export const setLink = defineAction<'setLink'>({
  type: 'setLink',
  label: 'Link settings',
  schema: z.strictObject({ at, type: z.literal('setLink'), from: nodeRef, to: nodeRef, link: linkSchema }),
  message: false,
  nodes: (a) => [a.from, a.to],
  parse(raw, cx) {
    const from = checkNodeId('setLink: from', raw.from);
    const to = checkNodeId('setLink: to', raw.to);
    return { type: 'setLink', from, to, link: parseLink('setLink', raw.link), at: cx.now };
  },
  check: (a, c) =>
    unknownNode(a.from, c, 'from') ??
    unknownNode(a.to, c, 'to') ??
    (a.from === a.to ? `from and to are both '${a.from}': a link joins two different nodes` : null) ??
    linkProblem(a.link, c.network.links.get(linkKey(a.from, a.to)), c.network.settings),
  apply(w, a) {
    const s = w.s;
    w.record({ ...a, at: s.now, link: { ...a.link } });
    const key = linkKey(a.from, a.to);
    const merged: LinkOptions = { ...s.network.links.get(key), ...a.link };
    if (merged.up === true) delete merged.up;
    if (Object.keys(merged).length === 0) s.network.links.delete(key);
    else s.network.links.set(key, merged);
    if (w.tracing) w.emit({ type: 'link', at: s.now, from: a.from, to: a.to, link: { ...merged } });
  },
  describe: (a) => `link ${a.from}→${a.to} ${settings(a.link)}`,
  wire: {
    code: 'k',
    encode: (a, ref) => [ref(a.from), ref(a.to), { ...a.link }],
    decode(args, d) {
      d.arity(3);
      return { at: d.at, type: d.type, from: d.ref(`${d.field}.from`, args[0]), to: d.ref(`${d.field}.to`, args[1]), link: args[2] };
    },
  },
});
