// The SafetyMonitor: fed trace events one at a time, it decides every property in O(what the
// event changes) — see src/check/invariants.ts for how each property is kept.

import type { LogEntryView, Role, TraceEvent } from '../../sim/types.ts';
import { configVoters, describeEntry, entryCommand, listNodes } from './describe.ts';
import { Int32Column } from './column.ts';
import { EntryTable, NONE, SENTINEL, UNKNOWN_ENTRY } from './entries.ts';
import { chain, commandHash, UNKNOWN } from './hash.ts';
import { firstDifference, lastIndex, newMirror, truncateMirror, type Mirror } from './mirror.ts';
import type { PropertyId, SafetyMonitor, SafetyMonitorOptions, Violation, ViolationEntry } from './properties.ts';
import { createViolationLog } from './violations.ts';

export function createSafetyMonitor(options: SafetyMonitorOptions = {}): SafetyMonitor {
  const maxKept = options.maxViolationsPerProperty ?? 20;
  const mirrors = new Map<string, Mirror>();
  const reports = createViolationLog(maxKept);
  // Every entry seen, once, shared by the mirrors; Log Matching's memory (the first prefix hash
  // seen for each term at each index) is the order in which its entries were first seen.
  const entries = new EntryTable();

  // Election Safety
  const leaderOfTerm = new Map<number, string>();
  // Leader Completeness: the committed prefix (entry ids) and who committed each index
  const cIds = new Int32Column();
  cIds.push(SENTINEL);
  const cBy = new Int32Column();
  cBy.push(NONE);
  const cTerm = (i: number) => entries.term(cIds.get(i));
  const cHash = (i: number) => entries.hash(cIds.get(i));
  const cCommand = (i: number) => entries.command(cIds.get(i));
  const cKind = (i: number) => entries.kind(cIds.get(i));
  const cByName = (i: number) => entries.nodeName(cBy.get(i));
  /** Segments of the committed prefix: up to `end`, committed by a leader of `term`. */
  const segments: { end: number; term: number }[] = [];
  let committedMax = 0;
  /** Indexes of configuration entries in the committed prefix, and the last unknown committed index. */
  const cConfigs: number[] = [];
  let cUnknownMax = 0;
  const bootVoters = options.bootVoters?.slice();
  // State Machine Safety: the first entry applied at each index (an entry of that term and
  // content), and by whom
  const appliedIds = new Int32Column(NONE);
  const appliedBy = new Int32Column(NONE);

  const warningList: string[] = [];
  let events = 0;
  let fresh: Violation[] = [];
  let now = 0;

  function report(property: PropertyId, key: string, v: Omit<Violation, 'property' | 'at' | 'event'>): void {
    const found = reports.report(property, key, v, now, events);
    if (found !== null) fresh.push(found);
  }

  function warn(message: string): void {
    if (warningList.length < 50) warningList.push(`at ${now} ms: ${message}`);
  }


  function mirror(id: string): Mirror {
    let m = mirrors.get(id);
    if (m === undefined) {
      m = newMirror(id, entries);
      mirrors.set(id, m);
    }
    return m;
  }

  /** The entry id the mirror holds at `index`, NONE past its end. */
  function idAt(m: Mirror, index: number): number {
    return index <= lastIndex(m) ? m.ids.get(index) : NONE;
  }

  function entryOf(m: Mirror, index: number): ViolationEntry {
    const id = idAt(m, index);
    return { node: m.id, index, term: id === NONE ? 0 : entries.term(id), command: id === NONE ? undefined : entries.command(id) };
  }

  function sameContent(id: number, command: unknown, kind: string | undefined): boolean {
    const k = entries.kind(id);
    const c = entries.command(id);
    return (c === command && k === kind) || commandHash(c, k) === commandHash(command, kind);
  }

  /** An entry at `index` of `term` with this content, its prefix not known (added if new). */
  function contentEntry(index: number, term: number, command: unknown, kind: string | undefined): number {
    const id = entries.find(index, term, (e) => sameContent(e, command, kind));
    return id !== NONE ? id : entries.add(index, term, UNKNOWN, NONE, '', command, kind);
  }

  // ---- appending one entry to a mirror, with the Log Matching check ----

  function pushEntry(m: Mirror, index: number, term: number, command: unknown, kind: string | undefined): void {
    const parent = index - 1 <= lastIndex(m) ? m.ids.get(index - 1) : UNKNOWN_ENTRY;
    // The same command object after the same prefix is the same entry: no hashing.
    let id = entries.findSame(index, term, parent, command, kind);
    if (id === NONE) {
      const prev = entries.hash(parent);
      const cmd = commandHash(command, kind);
      if (prev === UNKNOWN) {
        id = entries.find(index, term, (e) => entries.hash(e) === UNKNOWN && entries.parent(e) === parent && commandHash(entries.command(e), entries.kind(e)) === cmd);
        if (id === NONE) id = entries.add(index, term, UNKNOWN, parent, m.id, command, kind);
      } else {
        const hash = chain(prev, term, cmd);
        id = entries.findHash(index, term, hash);
        if (id === NONE) id = entries.add(index, term, hash, parent, m.id, command, kind);
      }
    }
    m.ids.push(id);
    const hash = entries.hash(id);
    if (hash === UNKNOWN) return;
    const first = entries.firstSeen(index, term);
    if (first === id) return;
    // Same index and term, different prefix: find where the two logs part, if the other log
    // still holds that prefix.
    const same = { node: entries.holder(first), hash: entries.hash(first), command: entries.command(first), kind: entries.kind(first) };
    const other = mirrors.get(same.node);
    const nodes = same.node === m.id ? [m.id] : [same.node, m.id].sort();
    let where = index;
    const held: ViolationEntry[] = [];
    if (other !== undefined && other !== m && index <= lastIndex(other) && entries.hash(other.ids.get(index)) === same.hash) {
      where = firstDifference(entries, m.ids, other.ids, index);
      if (where <= lastIndex(other)) held.push(entryOf(other, where));
      held.push(entryOf(m, where));
    } else {
      held.push({ node: same.node, index, term, command: same.command });
      held.push(entryOf(m, index));
    }
    const whereText =
      where === index
        ? `but hold different commands there (${describeEntry(term, same.command, same.kind)} vs ${describeEntry(term, command, kind)})`
        : `but their logs differ at index ${where}`;
    const who = nodes.length === 1 ? `${m.id}'s log` : `${listNodes(nodes)}`;
    report('log-matching', `${nodes.join('|')}@${where}`, {
      nodes,
      message:
        nodes.length === 1
          ? `${who} held two different entries of term ${term} at index ${index} at different times, ${whereText}.`
          : `${who} both have an entry of term ${term} at index ${index}, ${whereText}.`,
      entries: held,
    });
  }


  // ---- Leader Completeness helpers ----

  /** The last committed index whose entry was committed by a leader of a term before `term`. */
  function committedBefore(term: number): number {
    for (let i = segments.length - 1; i >= 0; i--) {
      const s = segments[i];
      if (s.term < term) return s.end;
    }
    return 0;
  }

  /** True when the mirror holds the committed prefix up to `index` (unknown prefixes pass). */
  function holdsCommitted(m: Mirror, index: number): boolean {
    if (index === 0) return true;
    if (lastIndex(m) < index) return false;
    const h = entries.hash(m.ids.get(index));
    const c = cHash(index);
    return h === UNKNOWN || c === UNKNOWN || h === c;
  }

  function missingCommitted(m: Mirror, index: number, why: string, key: string): void {
    const diff = Math.min(firstDifference(entries, m.ids, cIds, Math.min(index, lastIndex(m) + 1)), index);
    const held: ViolationEntry[] = [{ node: cByName(diff), index: diff, term: cTerm(diff), command: cCommand(diff) }];
    const has = diff <= lastIndex(m);
    if (has) held.push(entryOf(m, diff));
    const committed = describeEntry(cTerm(diff), cCommand(diff), cKind(diff));
    const id = idAt(m, diff);
    const instead = has
      ? `it has ${describeEntry(entries.term(id), entries.command(id), entries.kind(id))} there instead`
      : `its log ends at index ${lastIndex(m)}`;
    report('leader-completeness', key, {
      nodes: [m.id],
      message: `${m.id} ${why}, but its log lacks the entry committed at index ${diff} (${committed}): ${instead}.`,
      entries: held,
    });
  }

  function onLeaderCommit(m: Mirror, commitIndex: number): void {
    const upTo = Math.min(commitIndex, lastIndex(m));
    if (upTo < commitIndex) warn(`${m.id} committed index ${commitIndex} beyond its log (${lastIndex(m)} entries)`);
    // What this leader commits must agree with what was committed before.
    const overlap = Math.min(upTo, committedMax);
    if (overlap > 0 && !holdsCommitted(m, overlap)) {
      const diff = firstDifference(entries, m.ids, cIds, overlap);
      const earlierTerm = segmentTermOf(diff);
      const held: ViolationEntry[] = [{ node: cByName(diff), index: diff, term: cTerm(diff), command: cCommand(diff) }, entryOf(m, diff)];
      const id = m.ids.get(diff);
      const mine = describeEntry(entries.term(id), entries.command(id), entries.kind(id));
      const theirs = describeEntry(cTerm(diff), cCommand(diff), cKind(diff));
      report('leader-completeness', `conflict@${diff}`, {
        nodes: [cByName(diff), m.id].filter((n, i, a) => n !== '' && a.indexOf(n) === i),
        message:
          `Index ${diff} was committed twice with different entries: ${theirs} by ${cByName(diff)} as leader of term ${earlierTerm}, ` +
          `then ${mine} by ${m.id} as leader of term ${m.term}; the leader of the later term ${Math.max(earlierTerm, m.term)} lacked the entry committed in term ${Math.min(earlierTerm, m.term)}.`,
        entries: held,
      });
    }
    if (upTo <= committedMax) return;
    const by = entries.nodeCode(m.id);
    for (let i = committedMax + 1; i <= upTo; i++) {
      const id = m.ids.get(i);
      if (entries.kind(id) === 'config') cConfigs.push(i);
      if (entries.term(id) === UNKNOWN) cUnknownMax = i;
      cIds.push(id);
      cBy.push(by);
    }
    committedMax = upTo;
    const last = segments[segments.length - 1];
    if (last !== undefined && last.term === m.term) last.end = upTo;
    else segments.push({ end: upTo, term: m.term });
    // Current leaders of later terms must hold it too.
    for (const other of mirrors.values()) {
      if (other === m || other.role !== 'leader' || other.term <= m.term) continue;
      if (!holdsCommitted(other, upTo)) {
        missingCommitted(other, upTo, `is leader of term ${other.term}`, `${other.id}@${other.term}`);
      }
    }
  }

  function segmentTermOf(index: number): number {
    for (const s of segments) if (index <= s.end) return s.term;
    return 0;
  }

  // ---- event handlers ----

  function onRole(node: string, role: Role, term: number): void {
    const m = mirror(node);
    const wasLeaderOfTerm = m.role === 'leader' && m.term === term;
    m.role = role;
    m.term = term;
    if (role !== 'leader' || wasLeaderOfTerm) return;
    const first = leaderOfTerm.get(term);
    if (first === undefined) leaderOfTerm.set(term, node);
    else if (first !== node) {
      const nodes = [first, node].sort();
      report('election-safety', `${term}|${node}`, {
        nodes,
        message: `${first} and ${node} were both leader of term ${term}.`,
      });
    }
    const mustHold = committedBefore(term);
    if (!holdsCommitted(m, mustHold)) {
      missingCommitted(m, mustHold, `became leader of term ${term}`, `${node}@${term}`);
    }
  }

  function onAppend(node: string, from: number, added: readonly LogEntryView[]): void {
    const m = mirror(node);
    let start = 0;
    if (from <= lastIndex(m)) {
      // Overlap with what we already mirror: identical entries are a no-op (e.g. initial logs
      // given both as seed and as time-0 appends); a different one overwrites.
      while (start < added.length) {
        const e = added[start];
        const i = from + start;
        if (i > lastIndex(m)) break;
        if (i <= m.snapshotIndex || (entries.term(m.ids.get(i)) === e.term && sameContent(m.ids.get(i), entryCommand(e), e.kind))) {
          start++;
          continue;
        }
        if (m.role === 'leader') overwriteOnLeader(m, i, 'overwrote');
        truncateMirror(m, i);
        break;
      }
      if (start >= added.length) return;
    }
    const firstIndex = from + start;
    if (firstIndex > lastIndex(m) + 1) {
      warn(`${node} appended at index ${firstIndex} but its log has ${lastIndex(m)} entries`);
      while (lastIndex(m) < firstIndex - 1) m.ids.push(UNKNOWN_ENTRY);
    }
    for (let k = start; k < added.length; k++) {
      const e = added[k];
      pushEntry(m, from + k, e.term, entryCommand(e), e.kind);
    }
  }

  function overwriteOnLeader(m: Mirror, from: number, verb: string): void {
    const removed: ViolationEntry[] = [];
    for (let i = from; i <= lastIndex(m) && removed.length < 5; i++) removed.push(entryOf(m, i));
    const last = lastIndex(m);
    const range = last > from ? `entries ${from}–${last}` : `entry ${from}`;
    report('leader-append-only', `${m.id}@${m.term}`, {
      nodes: [m.id],
      message: `${m.id} ${verb} ${range} of its own log while leader of term ${m.term}.`,
      entries: removed,
    });
  }

  function onTruncate(node: string, from: number): void {
    const m = mirror(node);
    if (from > lastIndex(m)) return;
    if (m.role === 'leader') overwriteOnLeader(m, from, 'deleted');
    truncateMirror(m, from);
  }

  /** Thesis §5.1: the snapshot's configuration is the one in force at its last included index. */
  function checkSnapshotConfiguration(node: string, index: number, term: number, voters: readonly string[]): void {
    if (index > committedMax || cTerm(index) !== term) return; // not the committed prefix: other properties judge it
    let j = cConfigs.length - 1;
    while (j >= 0 && cConfigs[j] > index) j--;
    const at = j >= 0 ? cConfigs[j] : 0;
    if (cUnknownMax > at) return; // a configuration entry may hide in a prefix the monitor never saw
    const inForce = at > 0 ? configVoters(cCommand(at)) : bootVoters;
    if (inForce === undefined) return;
    const same = inForce.length === voters.length && [...inForce].sort().join('\u0000') === [...voters].sort().join('\u0000');
    if (same) return;
    const where = at > 0 ? `the configuration entry at index ${at}` : 'the boot configuration';
    report('snapshot-configuration', `${node}@${index}`, {
      nodes: [node],
      message:
        `${node}'s snapshot through index ${index} records the configuration {${voters.join(', ')}}, ` +
        `but the configuration in force there is {${inForce.join(', ')}} (${where}).`,
    });
  }

  function onSnapshot(node: string, index: number, term: number): void {
    const m = mirror(node);
    const held = index <= lastIndex(m) ? entries.term(m.ids.get(index)) : NONE;
    if (index <= lastIndex(m) && (held === term || held === UNKNOWN)) {
      // Compaction of (or a snapshot matching) the node's own log: entries stay, logically.
      m.snapshotIndex = Math.max(m.snapshotIndex, index);
      return;
    }
    // InstallSnapshot replaced the log: the entries up to `index` are the snapshot's.
    let keep = Math.min(lastIndex(m), index);
    if (index <= committedMax && cTerm(index) === term) {
      keep = Math.min(keep, firstDifference(entries, m.ids, cIds, keep + 1) - 1);
      truncateMirror(m, keep + 1);
      for (let i = keep + 1; i <= index; i++) m.ids.push(cIds.get(i));
    } else {
      const seen = entries.firstSeen(index, term);
      truncateMirror(m, keep + 1);
      while (lastIndex(m) < index - 1) m.ids.push(UNKNOWN_ENTRY);
      m.ids.push(seen !== NONE ? seen : contentEntry(index, term, undefined, undefined));
      if (seen === NONE) warn(`${node} installed a snapshot through index ${index} (term ${term}) of unknown content`);
    }
    m.snapshotIndex = index;
  }

  function onApply(node: string, index: number, term: number, command: unknown, kind: string | undefined): void {
    const firstId = index < appliedIds.length ? appliedIds.get(index) : NONE;
    if (firstId === NONE) {
      // the entry of that term and content (nearly always one a log held), so the record is two numbers
      appliedIds.set(index, contentEntry(index, term, command, kind));
      appliedBy.set(index, entries.nodeCode(node));
      return;
    }
    if (entries.term(firstId) === term && sameContent(firstId, command, kind)) return;
    const first = { term: entries.term(firstId), node: entries.nodeName(appliedBy.get(index)), command: entries.command(firstId), kind: entries.kind(firstId) };
    const nodes = first.node === node ? [node] : [first.node, node].sort();
    const theirs = describeEntry(first.term, first.command, first.kind);
    const mine = describeEntry(term, command, kind);
    report('state-machine-safety', `${index}|${node}`, {
      nodes,
      message:
        first.node === node
          ? `${node} applied ${theirs} at index ${index}, and later ${mine} at the same index.`
          : `${first.node} applied ${theirs} at index ${index}, but ${node} applied ${mine} there.`,
      entries: [
        { node: first.node, index, term: first.term, command: first.command },
        { node, index, term, command },
      ],
    });
  }

  function observe(event: TraceEvent): Violation[] {
    fresh = [];
    now = event.at;
    switch (event.type) {
      case 'role':
        onRole(event.node, event.role, event.term);
        break;
      case 'append':
        onAppend(event.node, event.from, event.entries);
        break;
      case 'truncate':
        onTruncate(event.node, event.from);
        break;
      case 'snapshot':
        onSnapshot(event.node, event.index, event.term);
        if (Array.isArray(event.voters)) checkSnapshotConfiguration(event.node, event.index, event.term, event.voters);
        break;
      case 'commit': {
        const m = mirror(event.node);
        if (m.role === 'leader') onLeaderCommit(m, event.commitIndex);
        break;
      }
      case 'apply':
        onApply(event.node, event.index, event.term, event.command, event.kind);
        break;
      case 'crash':
        mirror(event.node).role = 'down';
        break;
      case 'restart':
        mirror(event.node).role = 'follower';
        break;
      case 'server':
        mirror(event.node);
        break;
      default:
        break;
    }
    events++;
    return fresh;
  }

  // ---- seeding ----

  for (const [id, init] of Object.entries(options.initial ?? {})) {
    const m = mirror(id);
    m.term = init.term ?? 0;
    (init.log ?? []).forEach((e, i) => pushEntry(m, i + 1, e.term, e.command, 'command'));
  }
  for (const seed of options.nodes ?? []) {
    const m = mirror(seed.id);
    m.term = seed.term ?? m.term;
    const snap = seed.snapshotIndex ?? 0;
    if (snap > 0) {
      onSnapshot(seed.id, snap, seed.snapshotTerm ?? 0);
    }
    const log = seed.log ?? [];
    if (log.length > 0) {
      const first = log[0].index;
      onAppend(
        seed.id,
        first,
        log.map((e) => ({ index: e.index, term: e.term, command: e.command, kind: (e.kind ?? 'command') as LogEntryView['kind'] })),
      );
    }
    if (seed.alive === false) m.role = 'down';
    else if (seed.role !== undefined) {
      if (seed.role === 'leader') leaderOfTerm.set(m.term, seed.id);
      m.role = seed.role;
    }
  }
  warningList.length = 0;

  return {
    observe,
    properties: reports.properties,
    ok: reports.ok,
    violations: reports.violations,
    get events() {
      return events;
    },
    warnings(): string[] {
      return warningList.slice();
    },
  };
}
