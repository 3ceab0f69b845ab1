/**
 * The standard PDF fonts (Helvetica, Courier) encode text as WinAnsi; pdf-lib throws on anything
 * else. Lesson text is UTF-8, so characters outside WinAnsi are replaced by the nearest readable
 * ASCII before drawing.
 */
const REPLACEMENTS: Record<string, string> = {
  '\u2192': '->',
  '\u2190': '<-',
  '\u2194': '<->',
  '\u21d2': '=>',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u2212': '-',
  '\u2011': '-',
  '\u2010': '-',
  '\u2012': '-',
  '\u2015': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2713': 'v',
  '\u2714': 'v',
  '\u2717': 'x',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': ' ',
  '\u2007': ' ',
  '\u200b': '',
  '\ufeff': '',
  '\u2060': '',
  '\u25cf': '\u2022',
  '\u25aa': '\u2022',
  '\u2023': '\u2022',
  '\u2043': '-',
  '\u00ad': '',
  // Letters without a decomposition to a base letter.
  '\u0141': 'L',
  '\u0142': 'l',
  '\u0110': 'D',
  '\u0111': 'd',
  '\u0131': 'i',
  '\u0126': 'H',
  '\u0127': 'h',
};

export function makeSanitiser(supported: Set<number>): (text: string) => string {
  return (text: string) => {
    let out = '';
    for (const ch of text.replace(/\t/g, '    ')) {
      if (supported.has(ch.codePointAt(0)!)) {
        out += ch;
        continue;
      }
      const mapped = REPLACEMENTS[ch];
      if (mapped !== undefined) {
        out += [...mapped].every((c) => supported.has(c.codePointAt(0)!)) ? mapped : '-';
        continue;
      }
      // Accented letters outside WinAnsi lose their accent (ł stays readable as l, ő as o).
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base && [...base].every((c) => supported.has(c.codePointAt(0)!)) ? base : ch === '\n' ? ' ' : '?';
    }
    return out;
  };
}
