// Keeps docs/api.md true: every runnable example in it (a fence line that is exactly ```ts)
// runs against the real scripting API, and fails the test if it throws or a
// console.assert in it fails. Blocks fenced ```ts signature only show types and are not
// run. The examples are plain JavaScript, so they also paste into the browser console.
//
// Besides running the examples, this checks that the reference is complete: every member of
// the Cluster interface and every option field has a runnable example using it, and the
// TraceEvent and MessageView tables list every event and message type.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from './index.ts';

const DOC_PATH = fileURLToPath(new URL('../../docs/api.md', import.meta.url));
const TYPES_PATH = fileURLToPath(new URL('./types.ts', import.meta.url));
const EVENTS_PATH = fileURLToPath(new URL('../raft/events.ts', import.meta.url));

interface Block {
  /** The fence's info string: 'ts' for a runnable example. */
  info: string;
  code: string;
  /** 1-based line of the opening fence in docs/api.md. */
  line: number;
  /** The nearest heading above the block. */
  heading: string;
}

const RUNNABLE = 'ts';
const NOT_RUN = new Set(['ts signature', 'sh', 'text', 'json', '']);

function codeBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let heading = '(top)';
  let open: { info: string; line: number; indent: string; body: string[]; heading: string } | null = null;
  lines.forEach((text, i) => {
    if (open !== null) {
      if (text.trim() === '```') {
        const indent = open.indent;
        const code = open.body.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n');
        blocks.push({ info: open.info, code, line: open.line, heading: open.heading });
        open = null;
      } else {
        open.body.push(text);
      }
      return;
    }
    const fence = /^(\s*)```(.*)$/.exec(text);
    if (fence !== null) {
      open = { info: fence[2].trim(), line: i + 1, indent: fence[1], body: [], heading };
      return;
    }
    const h = /^#{1,6}\s+(.*)$/.exec(text);
    if (h !== null) heading = h[1].trim();
  });
  if (open !== null) throw new Error(`docs/api.md: the code block opened at line ${(open as { line: number }).line} is never closed`);
  return blocks;
}

/** Top-level member names of `export interface <name> { … }` in a source file. */
function interfaceMembers(source: string, name: string): string[] {
  const start = source.indexOf(`export interface ${name} {`);
  if (start < 0) throw new Error(`interface ${name} not found`);
  let depth = 0;
  let end = start;
  for (let i = source.indexOf('{', start); i < source.length; i++) {
    if (source[i] === '{') depth++;
    if (source[i] === '}') depth--;
    if (depth === 0) {
      end = i;
      break;
    }
  }
  const body = source.slice(source.indexOf('{', start) + 1, end);
  const names: string[] = [];
  for (const m of body.matchAll(/^ {2}(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*[(:]/gm)) names.push(m[1]);
  return names;
}

/** The `type: '…'` literals of a union type declared as `export type <name> =`. */
function unionTypeTags(source: string, name: string): string[] {
  const start = source.indexOf(`export type ${name} =`);
  if (start < 0) throw new Error(`type ${name} not found`);
  const end = source.indexOf(';\n\n', start);
  const text = source.slice(start, end < 0 ? undefined : end);
  return [...text.matchAll(/type: '([\w-]+)'/g)].map((m) => m[1]);
}

const IMPORT_OF_API = /^import\s+(?:type\s+)?\{[^}]*\}\s+from\s+['"][^'"]*src\/sim\/index\.ts['"];?[ \t]*$/gm;

type AsyncFn = (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (...args: string[]) => AsyncFn;

/** Runs one example with the API's runtime exports in scope and a console whose assert throws. */
async function runExample(block: Block): Promise<string[]> {
  const code = block.code.replace(IMPORT_OF_API, '');
  if (/^\s*(import|export)\b/m.test(code)) {
    throw new Error(`docs/api.md:${block.line}: examples may only import from './src/sim/index.ts'`);
  }
  const output: string[] = [];
  const print = (...args: unknown[]) => {
    output.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  };
  const fakeConsole = {
    log: print,
    info: print,
    warn: print,
    error: print,
    debug: print,
    table: print,
    assert: (condition: unknown, ...message: unknown[]) => {
      if (!condition) {
        const text = message.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
        throw new Error(`Assertion failed: ${text}`);
      }
    },
  };
  const names = Object.keys(api);
  const body = `'use strict';\nconst { ${names.join(', ')} } = __api;\n${code}\n`;
  let example: AsyncFn;
  try {
    example = new AsyncFunction('__api', 'console', body);
  } catch (e) {
    throw new Error(`docs/api.md:${block.line}: not plain JavaScript (examples must paste into the console): ${String(e)}`, {
      cause: e,
    });
  }
  try {
    await example(api, fakeConsole);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const printed = output.length > 0 ? `\nit printed:\n${output.join('\n')}` : '';
    throw new Error(`docs/api.md:${block.line} (${block.heading}): ${message}${printed}`, { cause: e });
  }
  return output;
}

const doc = readFileSync(DOC_PATH, 'utf8');
const blocks = codeBlocks(doc);
const runnable = blocks.filter((b) => b.info === RUNNABLE);
const runnableCode = runnable.map((b) => b.code.replace(IMPORT_OF_API, '')).join('\n');
const types = readFileSync(TYPES_PATH, 'utf8');
const events = readFileSync(EVENTS_PATH, 'utf8');

describe('docs/api.md examples', () => {
  it('has runnable examples, and only fences this test knows', () => {
    expect(runnable.length).toBeGreaterThan(40);
    const unknown = blocks.filter((b) => b.info !== RUNNABLE && !NOT_RUN.has(b.info));
    expect(
      unknown.map((b) => `line ${b.line}: \`\`\`${b.info} (use \`\`\`ts to run it, \`\`\`ts signature for types only)`),
    ).toEqual([]);
  });

  it('every runnable example checks what it claims', () => {
    const unchecked = runnable.filter((b) => !/console\.assert\(|\bthrow\b/.test(b.code));
    expect(unchecked.map((b) => `line ${b.line} (${b.heading})`)).toEqual([]);
  });

  it('the harness fails an example whose check fails, or that is not plain JavaScript', async () => {
    const example = (code: string): Block => ({ info: RUNNABLE, code, line: 0, heading: 'self-test' });
    await expect(runExample(example("console.assert(createCluster().now === 1, 'wrong time')"))).rejects.toThrow(
      'Assertion failed: wrong time',
    );
    await expect(runExample(example("createCluster().crash('S9')"))).rejects.toThrow("crash: unknown node id 'S9'");
    await expect(runExample(example('const n: number = 1'))).rejects.toThrow('not plain JavaScript');
    await expect(runExample(example("import { x } from 'elsewhere'"))).rejects.toThrow('may only import');
    const printed = await runExample(
      example("import { createCluster } from './src/sim/index.ts'\nconsole.log('now', createCluster().now)"),
    );
    expect(printed).toEqual(['now 0']);
  });

  it.each(runnable.map((b) => [`${b.heading} (line ${b.line})`, b] as const))('%s', async (_name, block) => {
    await runExample(block);
  });
});

describe('docs/api.md covers the whole API', () => {
  it('every member of Cluster has a runnable example', () => {
    const members = interfaceMembers(types, 'Cluster');
    expect(members).toContain('runFor');
    const missing = members.filter((m) => !new RegExp(`\\.${m}\\b`).test(runnableCode));
    expect(missing).toEqual([]);
  });

  it('createCluster and restoreCluster have runnable examples', () => {
    expect(runnableCode).toMatch(/\bcreateCluster\(/);
    expect(runnableCode).toMatch(/\brestoreCluster\(/);
  });

  it.each(['ClusterOptions', 'TimingOptions', 'NetworkOptions', 'FeatureOptions', 'WorkloadOptions', 'InitialNodeState', 'LinkOptions'])(
    'every field of %s appears in a runnable example',
    (name) => {
      const fields = interfaceMembers(types, name);
      expect(fields.length).toBeGreaterThan(0);
      const missing = fields.filter((f) => !new RegExp(`\\b${f}\\s*:`).test(runnableCode));
      expect(missing).toEqual([]);
    },
  );

  it('the TraceEvent table lists every event type', () => {
    const tags = [...new Set([...unionTypeTags(types, 'TraceEvent'), ...unionTypeTags(events, 'NodeEvent')])];
    expect(tags).toContain('client-ok');
    expect(tags).toContain('apply');
    const missing = tags.filter((t) => !new RegExp(`^\\|[^|\\n]*\`${t}\`[^|\\n]*\\|`, 'm').test(doc));
    expect(missing).toEqual([]);
  });

  it('the MessageView table lists every message type', () => {
    const missing = api.MESSAGE_TYPES.filter((t) => !new RegExp(`^\\|[^|\\n]*\`${t}\`[^|\\n]*\\|`, 'm').test(doc));
    expect(missing).toEqual([]);
  });

  it('the variants table lists every variant', () => {
    const missing = api.VARIANTS.filter((v) => !doc.includes(`| \`'${v}'\` |`));
    expect(missing).toEqual([]);
  });
});
