// Commands: a proposal straight to a server's log, and a simulated client's request.

import * as z from 'zod/mini';
import * as raft from '../../raft/node.ts';
import type { ClientOp } from '../../raft/types.ts';
import { clientRef, nodeRef, wholeMs as at } from '../atoms.ts';
import { ensureClient, idleClient, invoke } from '../clients.ts';
import { checkClientOp, checkNodeId, checkSerialisable, describe, serialisableProblem } from '../validate.ts';
import { clientBusy, clientNameProblem, nodeOnly, unknownNode } from './checks.ts';
import { defineAction, type ActionOf, type Json } from './spec.ts';

export const propose = defineAction<'propose'>({
  type: 'propose',
  label: 'Propose',
  schema: z.strictObject({ at, type: z.literal('propose'), node: nodeRef, command: z.unknown() }),
  message: false,
  nodes: (a) => [a.node],
  scriptProblem: (a) => serialisableProblem(a.command, 'command'),
  parse(raw, cx) {
    const node = checkNodeId('propose', raw.node);
    checkSerialisable('propose', 'command', raw.command);
    return { type: 'propose', node, command: structuredClone(raw.command), at: cx.now };
  },
  check: nodeOnly,
  apply(w, a) {
    const n = w.nodeState('propose', a.node);
    w.record({ ...a, at: w.s.now });
    raft.propose(n, a.command, w.context());
    w.syncTimers(n.id);
  },
  describe: (a) => `propose on ${a.node}`,
  wire: {
    code: 'P',
    encode: (a, ref) => [ref(a.node), a.command as Json],
    decode(args, d) {
      d.arity(2);
      return { at: d.at, type: d.type, node: d.ref(`${d.field}.node`, args[0]), command: args[1] };
    },
  },
});

const opSchema = z.union([
  z.strictObject({ type: z.literal('put'), key: z.string(), value: z.string() }),
  z.strictObject({ type: z.literal('append'), key: z.string(), value: z.string() }),
  z.strictObject({ type: z.literal('get'), key: z.string() }),
]);

/** A client operation's code in a link: `['p', key, value]`, `['g', key]`, `['a', key, value]`. */
const OP_CODES = { put: 'p', get: 'g', append: 'a' } as const;
const OP_TYPES = new Map<string, ClientOp['type']>([
  ['p', 'put'],
  ['g', 'get'],
  ['a', 'append'],
]);

export const request = defineAction<'request'>({
  type: 'request',
  label: 'Client request',
  schema: z.strictObject({ at, type: z.literal('request'), op: opSchema, client: z.optional(clientRef), to: z.optional(nodeRef) }),
  message: false,
  nodes: (a) => (a.to === undefined ? [] : [a.to]),
  parse(raw, cx) {
    checkClientOp('request', raw.op);
    const { client, to } = raw;
    if (to !== undefined) checkNodeId('request: opts.to', to);
    if (client !== undefined) {
      if (typeof client !== 'string' || client.length === 0) throw new Error(`request: opts.client: must be a client name like 'C1', got ${describe(client)}`);
      const name = clientNameProblem(client, cx.nodes);
      if (name !== null) throw new Error(`request: ${name}`); // (whether it is idle is the action's check)
    }
    const action = { type: 'request', op: structuredClone(raw.op), at: cx.now } as ActionOf<'request'>;
    if (client !== undefined) action.client = client;
    if (to !== undefined) action.to = to as string;
    return action;
  },
  check: (a, c) =>
    (a.to === undefined ? null : unknownNode(a.to, c, 'opts.to')) ??
    (a.client === undefined ? null : (clientNameProblem(a.client, c.nodes) ?? clientBusy(a.client, c))),
  apply(w, a) {
    const c = a.client === undefined ? idleClient(w) : ensureClient(w, a.client);
    w.record({ ...a, at: w.s.now });
    invoke(w, c, a.op, a.to);
  },
  describe: (a) => `client ${a.op.type} ${a.op.key}${a.op.type === 'get' ? '' : '=' + a.op.value}${a.to !== undefined ? ' → ' + a.to : ''}`,
  wire: {
    code: 'q',
    encode(a, ref) {
      const op: Json = a.op.type === 'get' ? [OP_CODES.get, a.op.key] : [OP_CODES[a.op.type], a.op.key, a.op.value];
      if (a.to !== undefined) return [op, a.client ?? null, ref(a.to)];
      if (a.client !== undefined) return [op, a.client];
      return [op];
    },
    decode(args, d) {
      d.arity(1, 3);
      const op = args[0];
      if (!Array.isArray(op) || typeof op[0] !== 'string' || !OP_TYPES.has(op[0])) return d.fail(`${d.field}.op`, 'not a valid client operation');
      const opType = OP_TYPES.get(op[0]);
      const decodedOp = opType === 'get' ? { type: opType, key: op[1] as unknown } : { type: opType, key: op[1] as unknown, value: op[2] as unknown };
      if ((opType === 'get' && op.length !== 2) || (opType !== 'get' && op.length !== 3)) d.fail(`${d.field}.op`, `not a valid ${opType}`);
      const out: Record<string, unknown> = { at: d.at, type: d.type, op: decodedOp };
      if (args.length >= 2 && args[1] !== null) out.client = args[1];
      if (args.length === 3) out.to = d.ref(`${d.field}.to`, args[2]);
      return out;
    },
  },
});
