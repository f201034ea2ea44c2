import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown, markdownToText, parseInline, parseMarkdown, safeHref } from './markdown.tsx';

const html = (text: string) => renderToStaticMarkup(<Markdown text={text} />);

describe('safe Markdown renderer', () => {
  it('renders paragraphs, bold, em, code, lists and http(s) links', () => {
    expect(html('Hello **bold** and *em* and `x = 1`\n\nsecond')).toBe(
      '<div class="md"><p>Hello <strong>bold</strong> and <em>em</em> and <code>x = 1</code></p><p>second</p></div>',
    );
    expect(html('- a\n- **b**')).toBe('<div class="md"><ul><li>a</li><li><strong>b</strong></li></ul></div>');
    expect(html('3. c\n4. d')).toBe('<div class="md"><ol start="3"><li>c</li><li>d</li></ol></div>');
    expect(html('[paper](https://raft.github.io/raft.pdf)')).toBe(
      '<div class="md"><p><a href="https://raft.github.io/raft.pdf" target="_blank" rel="noopener noreferrer nofollow">paper</a></p></div>',
    );
  });

  it('shows HTML tags as text, never as elements', () => {
    const out = html('<script>alert(1)</script> <img src=x onerror="alert(2)"> **<b>x</b>**');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
  });

  it('refuses javascript:, data: and relative links (kept as text)', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>', '/relative', '//evil.example', ' javascript:x']) {
      expect(safeHref(href)).toBeNull();
      const out = html(`[click](${href})`);
      expect(out).not.toContain('<a');
      expect(out).toContain('click');
    }
    expect(safeHref('http://example.edu/a b')).toBe('http://example.edu/a%20b');
  });

  it('keeps snake_case words and unmatched markers as text', () => {
    expect(markdownToText('write `data_id` and data_id * 2 **unclosed')).toBe('write data_id and data_id * 2 **unclosed');
    expect(parseInline('a\\*b*')).toEqual([{ kind: 'text', text: 'a*b*' }]);
  });

  it('never throws on arbitrary input and bounds nesting', () => {
    const nasty = ['', '*', '**', '[', '](', '`', '[a](', '*'.repeat(5000), '['.repeat(2000) + '](http://x)', '_a_b_c_', '\r\n\r\n- \n1.'];
    for (const n of nasty) expect(() => html(n)).not.toThrow();
    expect(parseMarkdown('a\nb\n\n- x\n  continued')).toEqual([
      { kind: 'p', children: [{ kind: 'text', text: 'a b' }] },
      { kind: 'ul', items: [[{ kind: 'text', text: 'x continued' }]] },
    ]);
  });
});
