// lz-string's decompressFromEncodedURIComponent with a cap on the output.
//
// Links are compressed with lz-string (compressToEncodedURIComponent, the library's own code).
// Its decompressor has no size limit, and an LZ78-style stream can expand quadratically: a
// 12,000-character link decompresses to 20 million characters and blocks the page for half a
// second, a 50,000-character one for a minute. So decompression runs here, a line-by-line
// port of lz-string 1.5.0's `_decompress` (MIT, Pieroxy) that stops as soon as the output
// passes `maxChars`. A property test checks it against the library on random inputs.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE = new Map<string, number>([...ALPHABET].map((ch, i) => [ch, i]));

export type LzResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'empty' | 'alphabet' | 'corrupt' | 'too-large'; position?: number };

/**
 * Decompresses the output of lz-string's compressToEncodedURIComponent. `corrupt` is what the
 * library reports as null or "" (a truncated or damaged stream); `too-large` stops the output
 * at `maxChars` characters without building it.
 */
export function decompressBounded(input: string, maxChars: number): LzResult {
  if (input === '') return { ok: false, reason: 'empty' };
  const data = input.replace(/ /g, '+'); // as the library: '+' may arrive as a space
  for (let i = 0; i < data.length; i++) {
    if (!VALUE.has(data[i])) return { ok: false, reason: 'alphabet', position: i };
  }
  const length = data.length;
  const resetValue = 32;
  const next = (index: number): number => VALUE.get(data.charAt(index)) ?? 0;

  const dictionary: (string | number)[] = [0, 1, 2];
  let enlargeIn = 4;
  let dictSize = 4;
  let numBits = 3;
  const result: string[] = [];
  let total = 0;
  let w: string;
  let c: string;
  let val = next(0);
  let position = resetValue;
  let index = 1;

  const readBits = (n: number): number => {
    let bits = 0;
    const maxpower = 2 ** n;
    let power = 1;
    while (power !== maxpower) {
      const resb = val & position;
      position >>= 1;
      if (position === 0) {
        position = resetValue;
        val = next(index++);
      }
      bits |= (resb > 0 ? 1 : 0) * power;
      power <<= 1;
    }
    return bits;
  };

  switch (readBits(2)) {
    case 0:
      c = String.fromCharCode(readBits(8));
      break;
    case 1:
      c = String.fromCharCode(readBits(16));
      break;
    default:
      return { ok: false, reason: 'corrupt' }; // the library returns "" (2) or throws (3)
  }
  dictionary[3] = c;
  w = c;
  result.push(w);
  total += w.length;
  for (;;) {
    if (index > length) return { ok: false, reason: 'corrupt' };
    let code = readBits(numBits);
    switch (code) {
      case 0:
        dictionary[dictSize++] = String.fromCharCode(readBits(8));
        code = dictSize - 1;
        enlargeIn--;
        break;
      case 1:
        dictionary[dictSize++] = String.fromCharCode(readBits(16));
        code = dictSize - 1;
        enlargeIn--;
        break;
      case 2: {
        const text = result.join('');
        return text === '' ? { ok: false, reason: 'corrupt' } : { ok: true, text };
      }
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    const known = dictionary[code];
    let entry: string;
    if (known) {
      entry = known as string;
    } else if (code === dictSize) {
      entry = w + w.charAt(0);
    } else {
      return { ok: false, reason: 'corrupt' };
    }
    total += entry.length;
    if (total > maxChars) return { ok: false, reason: 'too-large' };
    result.push(entry);
    dictionary[dictSize++] = w + entry.charAt(0);
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
}
