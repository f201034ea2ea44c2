// Keeps docs/scenarios.md true: every ```ts example in it runs against the real code, with
// every export of src/scenario/index.ts and createCluster in scope, and fails if it throws or
// a console.assert in it fails.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../sim/index.ts';
import * as scenario from './index.ts';

const DOC = readFileSync(fileURLToPath(new URL('../../docs/scenarios.md', import.meta.url)), 'utf8');

function examples(markdown: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  let open: { line: number; body: string[] } | null = null;
  markdown.split('\n').forEach((text, i) => {
    if (open !== null) {
      if (text.trim() === '```') {
        out.push({ line: open.line, code: open.body.join('\n') });
        open = null;
      } else open.body.push(text);
    } else if (text.trim() === '```ts') open = { line: i + 1, body: [] };
  });
  return out;
}

const scope: Record<string, unknown> = { ...scenario, createCluster };
/** The Function constructor, to run an example with the scope as its parameters (as the doc test of docs/api.md does). */
const Example = Object.getPrototypeOf(function () {}).constructor as new (...args: string[]) => (...values: unknown[]) => void;

describe('docs/scenarios.md', () => {
  const blocks = examples(DOC);
  it('has runnable examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });
  it.each(blocks.map((b) => [b.line, b.code] as const))('the example at line %i runs and its assertions hold', (line, code) => {
    const failures: string[] = [];
    const console = {
      assert: (ok: unknown, ...message: unknown[]) => {
        if (!ok) failures.push(message.map(String).join(' ') || 'console.assert failed');
      },
      log: () => {},
    };
    const run = new Example('console', ...Object.keys(scope), code);
    run(console, ...Object.values(scope));
    expect(failures, `docs/scenarios.md line ${line}`).toEqual([]);
  });
});
