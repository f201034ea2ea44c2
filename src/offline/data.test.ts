// The offline file's data element: only http(s) public addresses, a link that is a hash, and no
// text that could close the element or run as markup.

import { describe, expect, it } from 'vitest';
import { cleanPublicUrl, offlineDataElement, parseOfflineData, withOfflineData } from './data.ts';

describe('offline data', () => {
  it('keeps an http(s) public address without its hash, refuses other schemes', () => {
    expect(cleanPublicUrl('https://example.org/raftlab/#s=abc')).toBe('https://example.org/raftlab/');
    expect(cleanPublicUrl('javascript:alert(1)')).toBeUndefined();
    expect(cleanPublicUrl('file:///tmp/x.html')).toBeUndefined();
    expect(cleanPublicUrl(42)).toBeUndefined();
  });

  it('escapes < so no text can close the element, and reads back what it wrote', () => {
    const data = { link: '#s=</script><script>alert(1)</script>', publicUrl: 'https://example.org/' };
    const el = offlineDataElement(data);
    expect(el.indexOf('</script>')).toBe(el.length - '</script>'.length);
    const text = el.slice(el.indexOf('>') + 1, -'</script>'.length);
    expect(parseOfflineData(text)).toEqual(data);
  });

  it('drops malformed fields one by one, never throws', () => {
    expect(parseOfflineData('not json')).toEqual({});
    expect(parseOfflineData('{"link":"s=no-hash","publicUrl":"ftp://x"}')).toEqual({});
    expect(parseOfflineData('{"link":"#s=abc","extra":1}')).toEqual({ link: '#s=abc' });
  });

  it('puts the element before </head>, replacing one already there', () => {
    const page = '<html><head><title>x</title></head><body></body></html>';
    const once = withOfflineData(page, { link: '#s=a' });
    const twice = withOfflineData(once, { link: '#s=b' });
    expect(twice.match(/id="raftlab-offline"/g)).toHaveLength(1);
    expect(twice).toContain('{"link":"#s=b"}</script></head>');
    expect(() => withOfflineData('<html></html>', {})).toThrow(/no <\/head>/);
  });
});
