// docs/figure2.md maps every rule of Figure 2 (and Figure 3, and the thesis's extensions) to the
// function that implements it. This keeps the page and the code from drifting apart: every
// function it names exists in the file it names, and every exported function of the
// protocol's files is named there.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const raftDir = fileURLToPath(new URL('.', import.meta.url));
const page = readFileSync(fileURLToPath(new URL('../../docs/figure2.md', import.meta.url)), 'utf8');

/** `file.ts` › `name` pairs named on the page. */
const named = [...page.matchAll(/`([A-Za-z]+\.ts)` › `([A-Za-z_]+)`/g)].map((m) => ({ file: m[1], name: m[2] }));

/** Infrastructure without protocol rules: chunked lists, the PRNG, message and type declarations. */
const NOT_PROTOCOL = new Set(['chunked.ts', 'rng.ts', 'messages.ts', 'types.ts', 'events.ts', 'node.ts', 'harness.test-support.ts']);

function declared(file: string): Set<string> {
  if (!existsSync(raftDir + file)) return new Set();
  const src = readFileSync(raftDir + file, 'utf8');
  const names = new Set<string>();
  for (const m of src.matchAll(/^(?:export )?(?:function|const|interface|type) ([A-Za-z_]+)/gm)) names.add(m[1]);
  return names;
}

function exportedFunctions(file: string): string[] {
  const src = readFileSync(raftDir + file, 'utf8');
  return [...src.matchAll(/^export function ([A-Za-z_]+)/gm)].map((m) => m[1]);
}

describe('docs/figure2.md', () => {
  it('names at least one function for every section of Figure 2', () => {
    for (const section of ['## State', '## RequestVote RPC', '## AppendEntries RPC', '## Rules for Servers', '## Figure 3']) {
      expect(page).toContain(section);
    }
    expect(named.length).toBeGreaterThan(80);
  });

  it('every function it names exists in the file it names', () => {
    const missing = named.filter(({ file, name }) => !declared(file).has(name)).map(({ file, name }) => `${file} › ${name}`);
    expect(missing).toEqual([]);
  });

  it("names every exported function of the protocol's files", () => {
    const files = readdirSync(raftDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_PROTOCOL.has(f));
    expect(files.length).toBeGreaterThan(15);
    const onPage = new Set(named.map(({ file, name }) => `${file} › ${name}`));
    const unnamed = files.flatMap((f) => exportedFunctions(f).map((name) => `${f} › ${name}`)).filter((x) => !onPage.has(x));
    expect(unnamed).toEqual([]);
  });
});
