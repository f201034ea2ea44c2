// Actions on one message on the wire, by its id: deliver it now, drop it, duplicate it, delay it.

import * as z from 'zod/mini';
import type { Message } from '../../raft/messages.ts';
import { messageId, wholeMs as at } from '../atoms.ts';
import { copyLatency, deliverNow, put, scheduleDelivery } from '../network.ts';
import { checkMessageId, checkMs } from '../validate.ts';
import { notOnTheWire } from './checks.ts';
import { defineAction, type ActionOf, type ActionWire } from './spec.ts';

type MessageAction = 'deliver' | 'drop' | 'duplicate' | 'delay';

function messageSchema<T extends 'deliver' | 'drop' | 'duplicate'>(type: T) {
  return z.strictObject({ at, type: z.literal(type), message: messageId });
}

function parseMessage<T extends 'deliver' | 'drop' | 'duplicate'>(type: T) {
  return (raw: Readonly<Record<string, unknown>>, cx: { now: number }) =>
    ({ type, message: checkMessageId(type, raw.message), at: cx.now }) as ActionOf<T>;
}

/** `[Δat, code, message]` (and for a delay, `ms`). */
function messageWire<T extends MessageAction>(code: string): ActionWire<T> {
  return {
    code,
    encode: (a) => [a.message],
    decode(args, d) {
      d.arity(1);
      return { at: d.at, type: d.type, message: args[0] };
    },
  };
}

const describeMessage = (a: { type: string; message: number }) => `${a.type} message #${a.message}`;

export const deliver = defineAction<'deliver'>({
  type: 'deliver',
  label: 'Deliver',
  schema: messageSchema('deliver'),
  message: true,
  nodes: () => [],
  parse: parseMessage('deliver'),
  check: (a, c) => notOnTheWire(a.message, c),
  apply(w, a) {
    const m = w.message('deliver', a.message);
    w.record({ ...a, at: w.s.now });
    deliverNow(w, m);
  },
  describe: describeMessage,
  wire: messageWire('d'),
});

export const drop = defineAction<'drop'>({
  type: 'drop',
  label: 'Drop',
  schema: messageSchema('drop'),
  message: true,
  nodes: () => [],
  parse: parseMessage('drop'),
  check: (a, c) => notOnTheWire(a.message, c),
  apply(w, a) {
    const s = w.s;
    const m = w.message('drop', a.message);
    w.record({ ...a, at: s.now });
    s.messages.delete(m.id);
    s.heldLatency.delete(m.id);
    if (w.tracing) w.emit({ type: 'drop', at: s.now, message: m, reason: 'user' });
  },
  describe: describeMessage,
  wire: messageWire('x'),
});

export const duplicate = defineAction<'duplicate'>({
  type: 'duplicate',
  label: 'Duplicate',
  schema: messageSchema('duplicate'),
  message: true,
  nodes: () => [],
  parse: parseMessage('duplicate'),
  check: (a, c) => notOnTheWire(a.message, c),
  apply(w, a) {
    const m = w.message('duplicate', a.message);
    w.record({ ...a, at: w.s.now });
    put(w, m, copyLatency(w.s, m), false, m.id); // put copies it and gives the copy its own envelope
  },
  describe: describeMessage,
  wire: messageWire('u'),
});

export const delay = defineAction<'delay'>({
  type: 'delay',
  label: 'Delay',
  schema: z.strictObject({ at, type: z.literal('delay'), message: messageId, ms: at }),
  message: true,
  nodes: () => [],
  parse(raw, cx) {
    const message = checkMessageId('delay', raw.message);
    checkMs('delay', 'ms', raw.ms);
    return { type: 'delay', message, ms: raw.ms, at: cx.now };
  },
  check(a, c) {
    const gone = notOnTheWire(a.message, c);
    if (gone !== null) return gone;
    return c.messages.get(a.message)?.deliverAt === null ? `message ${a.message} is waiting for manual delivery; deliver it instead` : null;
  },
  apply(w, a) {
    const s = w.s;
    const m = w.message('delay', a.message);
    w.record({ ...a, at: s.now });
    const moved = { ...m, deliverAt: (m.deliverAt as number) + a.ms } as Message;
    s.messages.set(m.id, moved);
    scheduleDelivery(s, moved.deliverAt as number, m.id);
    if (w.tracing) w.emit({ type: 'send', at: s.now, message: moved });
  },
  describe: (a) => `delay message #${a.message} by ${a.ms} ms`,
  wire: {
    code: 'y',
    encode: (a) => [a.message, a.ms],
    decode(args, d) {
      d.arity(2);
      return { at: d.at, type: d.type, message: args[0], ms: args[1] };
    },
  },
});
