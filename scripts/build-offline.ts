// `npm run build:offline -- [--out FILE] [--public-url URL] [link or scenario file]`: writes one
// self-contained .html (default dist-offline/raftlab.html) with the app and the lecture inside,
// which opens from disk with no network. Share links made in it point at --public-url (or
// $RAFTLAB_PUBLIC_URL); without one they reopen the file itself.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { scenarioFromFile } from '../src/scenario/badInput.ts';
import { hashToScenario, scenarioToHash } from '../src/scenario/url.ts';
import { cleanPublicUrl, withOfflineData, type OfflineData } from '../src/offline/data.ts';
import { buildOfflineTemplate, OFFLINE_MAX_BYTES } from './offline-template.ts';

function fail(message: string): never {
  process.stderr.write(`build:offline: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { out: string; publicUrl?: string; input?: string } {
  let out = 'dist-offline/raftlab.html';
  let publicUrl = process.env.RAFTLAB_PUBLIC_URL;
  let input: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '--public-url') {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value.`);
      if (a === '--out') out = v;
      else publicUrl = v;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('npm run build:offline -- [--out FILE] [--public-url URL] [link or scenario file]\n');
      process.exit(0);
    } else if (a.startsWith('--')) fail(`unknown option ${a} (options: --out FILE, --public-url URL).`);
    else if (input !== undefined) fail('give one link or scenario file.');
    else input = a;
  }
  return publicUrl === undefined ? { out, input } : { out, publicUrl, input };
}

/** The lecture as a link hash, validated as the app would: a file's JSON or a link. */
function lectureLink(input: string): string {
  if (existsSync(input)) {
    const r = scenarioFromFile(basename(input), readFileSync(input, 'utf8'));
    if (!r.ok) fail(r.error);
    return '#' + scenarioToHash(r.scenario, r.t);
  }
  const at = input.indexOf('#');
  const hash = at >= 0 ? input.slice(at + 1) : input;
  const r = hashToScenario(hash);
  if (!r.ok) fail(`${input.length > 80 ? input.slice(0, 80) + '…' : input} is neither a scenario file nor a raftlab link: ${r.error}`);
  return '#' + hash;
}

const args = parseArgs(process.argv.slice(2));
const data: OfflineData = {};
if (args.input !== undefined) data.link = lectureLink(args.input);
if (args.publicUrl !== undefined) {
  const url = cleanPublicUrl(args.publicUrl);
  if (url === undefined) fail(`--public-url must be an http(s) address, not ${args.publicUrl}.`);
  data.publicUrl = url;
}
const html = withOfflineData(await buildOfflineTemplate(), data);
const bytes = Buffer.byteLength(html);
const out = resolve(args.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
process.stdout.write(`${args.out}: ${(bytes / 1024).toFixed(0)} KB${data.link === undefined ? ' (the default scenario)' : ''}${data.publicUrl === undefined ? '' : `, share links → ${data.publicUrl}`}\n`);
if (bytes > OFFLINE_MAX_BYTES) fail(`the file is ${(bytes / 1024).toFixed(0)} KB, over the ${OFFLINE_MAX_BYTES / 1024} KB budget.`);
