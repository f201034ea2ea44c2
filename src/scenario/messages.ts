// Validation messages in plain words: a zod issue becomes "field: what is wrong", naming the
// field by its path, so no internal validation text reaches a user (docs/scenarios.md).

import type * as z from 'zod/mini';

/** "actions[3].node" from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += (out === '' ? '' : '.') + String(key);
  }
  return out;
}

export function describeZodError(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    message = `unexpected field ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    // New scenario fields are optional and written only when used: an unknown one most likely
    // comes from a newer raftlab (docs/scenarios.md, "New fields").
    if (issue.path[0] === 'options' || issue.path[0] === 'compare') message += ' (made with a newer raftlab? this page does not know it)';
  }
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    const received = /received (\w+)$/.exec(issue.message)?.[1];
    message = received === 'undefined' ? 'is missing' : `must be ${article(issue.expected)}${received !== undefined ? `, got ${article(received)}` : ''}`;
  }
  if (issue.code === 'invalid_union' && issue.path.length > 0 && issue.path[issue.path.length - 1] !== 'type') {
    message = 'not a valid value here';
  }
  const where = formatPath(issue.path);
  return where === '' ? message : `${where}: ${message}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

export function short(value: unknown): string {
  let s: string;
  try {
    s = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  } catch {
    s = String(value);
  }
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}

