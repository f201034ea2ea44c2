// A tiny, safe Markdown renderer for tour texts and scenario descriptions: paragraphs, **bold**,
// *em* / _em_, `code`, "- " / "1. " lists and [links](https://…) with http(s) targets only.
// It builds React elements from a small parse tree; every piece of user text ends up as a
// React text node. Raw HTML is never interpreted (a <script> tag is shown as the characters
// "<script>"), and there is no dangerouslySetInnerHTML anywhere.

import { Fragment, type ReactNode } from 'react';

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'p'; children: Inline[] }
  | { kind: 'ul'; items: Inline[][] }
  | { kind: 'ol'; start: number; items: Inline[][] };

/** Only absolute http(s) URLs become links; anything else (javascript:, data:, relative) stays text. */
export function safeHref(href: string): string | null {
  const h = href.trim();
  if (!/^https?:\/\//i.test(h)) return null;
  try {
    const u = new URL(h);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function pushText(out: Inline[], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last !== undefined && last.kind === 'text') last.text += text;
  else out.push({ kind: 'text', text });
}

/** Parses inline Markdown. Unmatched markers are kept as text. Depth-limited. */
export function parseInline(src: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let i = 0;
  let plain = '';
  const flush = () => {
    pushText(out, plain);
    plain = '';
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length && /[\\`*_[\]()]/.test(src[i + 1])) {
      plain += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ kind: 'code', text: src.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (depth < 4 && (src.startsWith('**', i) || src.startsWith('__', i))) {
      const marker = src.slice(i, i + 2);
      const end = src.indexOf(marker, i + 2);
      if (end > i + 2) {
        flush();
        out.push({ kind: 'strong', children: parseInline(src.slice(i + 2, end), depth + 1) });
        i = end + 2;
        continue;
      }
    }
    if (depth < 4 && (c === '*' || c === '_') && i + 1 < src.length && src[i + 1] !== ' ') {
      // _ inside a word (snake_case, data_id) is not emphasis
      const wordBefore = c === '_' && i > 0 && /\w/.test(src[i - 1]);
      let end = src.indexOf(c, i + 1);
      while (c === '_' && end > 0 && end + 1 < src.length && /\w/.test(src[end + 1])) end = src.indexOf(c, end + 1);
      if (!wordBefore && end > i + 1 && src[end - 1] !== ' ') {
        flush();
        out.push({ kind: 'em', children: parseInline(src.slice(i + 1, end), depth + 1) });
        i = end + 1;
        continue;
      }
    }
    if (c === '[' && depth < 4) {
      const close = src.indexOf('](', i + 1);
      const paren = close < 0 ? -1 : src.indexOf(')', close + 2);
      if (close > i && paren > close) {
        const href = safeHref(src.slice(close + 2, paren));
        const label = parseInline(src.slice(i + 1, close), depth + 1);
        flush();
        if (href !== null) out.push({ kind: 'link', href, children: label });
        else {
          // not a safe link: show the label and the target as plain text
          for (const x of label) out.push(x);
          pushText(out, ` (${src.slice(close + 2, paren)})`);
        }
        i = paren + 1;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

const UL = /^\s{0,3}[-*+]\s+(.*)$/;
const OL = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;

/** Parses block Markdown: paragraphs separated by blank lines, bullet and numbered lists. */
export function parseMarkdown(src: string): Block[] {
  const lines = String(src).replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: { kind: 'ul' | 'ol'; start: number; items: string[] } | null = null;
  const endPara = () => {
    if (para.length > 0) blocks.push({ kind: 'p', children: parseInline(para.join(' ')) });
    para = [];
  };
  const endList = () => {
    if (list === null) return;
    const items = list.items.map((x) => parseInline(x));
    blocks.push(list.kind === 'ul' ? { kind: 'ul', items } : { kind: 'ol', start: list.start, items });
    list = null;
  };
  for (const line of lines) {
    const ul = UL.exec(line);
    const ol = ul === null ? OL.exec(line) : null;
    if (line.trim() === '') {
      endPara();
      endList();
    } else if (ul !== null) {
      endPara();
      if (list?.kind !== 'ul') {
        endList();
        list = { kind: 'ul', start: 1, items: [] };
      }
      list.items.push(ul[1]);
    } else if (ol !== null) {
      endPara();
      if (list?.kind !== 'ol') {
        endList();
        list = { kind: 'ol', start: Number(ol[1]), items: [] };
      }
      list.items.push(ol[2]);
    } else if (list !== null && /^\s+/.test(line)) {
      // continuation of a list item
      list.items[list.items.length - 1] += ' ' + line.trim();
    } else {
      endList();
      para.push(line.trim());
    }
  }
  endPara();
  endList();
  return blocks;
}

function renderInline(nodes: Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.kind) {
      case 'text':
        return <Fragment key={i}>{n.text}</Fragment>;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'strong':
        return <strong key={i}>{renderInline(n.children)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(n.children)}</em>;
      case 'link':
        return (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer nofollow">
            {renderInline(n.children)}
          </a>
        );
    }
  });
}

/** Markdown as React elements (never HTML). */
export function Markdown({ text, className, inline = false }: { text: string; className?: string; inline?: boolean }) {
  if (inline) return <span className={className}>{renderInline(parseInline(text))}</span>;
  return (
    <div className={className ?? 'md'}>
      {parseMarkdown(text).map((b, i) =>
        b.kind === 'p' ? (
          <p key={i}>{renderInline(b.children)}</p>
        ) : b.kind === 'ul' ? (
          <ul key={i}>
            {b.items.map((it, j) => (
              <li key={j}>{renderInline(it)}</li>
            ))}
          </ul>
        ) : (
          <ol key={i} start={b.start}>
            {b.items.map((it, j) => (
              <li key={j}>{renderInline(it)}</li>
            ))}
          </ol>
        ),
      )}
    </div>
  );
}

/** Plain text of Markdown (for titles, tooltips, aria labels). */
export function markdownToText(text: string): string {
  const flat = (nodes: Inline[]): string => nodes.map((n) => (n.kind === 'text' || n.kind === 'code' ? n.text : flat(n.children))).join('');
  return parseMarkdown(text)
    .map((b) => (b.kind === 'p' ? flat(b.children) : b.items.map(flat).join('; ')))
    .join(' ');
}
