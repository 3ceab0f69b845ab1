import { describe, expect, it } from 'vitest';
import { buildSnippet, queryStems } from './snippet.js';

describe('search snippets', () => {
  it('reads the stems of a query, leaving out negated ones', () => {
    expect(queryStems("'escal' & !'email'")).toEqual(['escal']);
    expect(queryStems("'status' <-> 'report' | 'o''brien'")).toEqual(['status', 'report', "o'brien"]);
    expect(queryStems('T')).toEqual([]);
    expect(queryStems(null)).toEqual([]);
  });

  it('marks every word a stem starts, around the first match', () => {
    const body = 'Start with the outage. When the payroll server fails, escalations follow the procedure; the Expert escalates at 30 minutes and the companies involved are told.';
    const parts = buildSnippet('How to plan for downtime.', body, ['escal', 'compani']);
    expect(parts.filter((p) => p.highlight).map((p) => p.text)).toEqual(['escalations', 'escalates', 'companies']);
    expect(parts.map((p) => p.text).join('')).toBe(`… ${'with the outage. When the payroll server fails, escalations follow the procedure; the Expert escalates at 30 minutes and the companies involved are told.'}`);
    expect(buildSnippet('A company story.', '', ['compani']).filter((p) => p.highlight).map((p) => p.text)).toEqual(['company']);
  });

  it('cuts a long text to a window and shows the summary when only the title matched', () => {
    const words = Array.from({ length: 100 }, (_v, i) => `word${i}`);
    words[50] = 'budget';
    const parts = buildSnippet('Summary here.', words.join(' '), ['budget']);
    const text = parts.map((p) => p.text).join('');
    expect(text.startsWith('… word42 ')).toBe(true);
    expect(text.endsWith(' …')).toBe(true);
    expect(text.split(' ').filter((w) => /\w/.test(w)).length).toBe(32);
    const titleOnly = buildSnippet('Where the money comes from.', 'Nothing about it here.', ['budget']);
    expect(titleOnly.every((p) => !p.highlight)).toBe(true);
    expect(titleOnly.map((p) => p.text).join('')).toBe('Where the money comes from. Nothing about it here.');
  });
});
