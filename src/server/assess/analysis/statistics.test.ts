import { describe, expect, it } from 'vitest';
import { analyseItems, kr20, type CellResponse, type ResponseMatrix } from './statistics.js';

/**
 * The fixed matrix, worked out by hand. Six persons, four single-response items.
 * Keys: I1 = A (options A B C), I2 = B (A B C D), I3 = A (A B C), I4 = A (A B C).
 *
 *        I1     I2     I3     I4     total T
 *   P1   1 (A)  1 (B)  1 (A)  0 (B)  3
 *   P2   1 (A)  1 (B)  1 (A)  0 (B)  3
 *   P3   1 (A)  0 (C)  1 (A)  0 (C)  2
 *   P4   1 (A)  0 (A)  0 (B)  1 (A)  2
 *   P5   0 (B)  0 (C)  0 (C)  1 (A)  1
 *   P6   0 (B)  0 (-)  0 (B)  0 (C)  0      (- = left unanswered)
 *
 * Difficulty p = correct / 6: I1 4/6 = .6667, I2 2/6 = .3333, I3 3/6 = .5, I4 2/6 = .3333.
 *
 * KR-20. Totals 3,3,2,2,1,0: mean 11/6; mean of squares (9+9+4+4+1+0)/6 = 27/6 = 4.5;
 *   variance = 4.5 - (11/6)^2 = 162/36 - 121/36 = 41/36.
 *   sum p*q = 2/9 + 2/9 + 1/4 + 2/9 = 11/12.
 *   KR-20 = 4/3 * (1 - (11/12) / (41/36)) = 4/3 * (1 - 33/41) = 4/3 * 8/41 = 32/123 = 0.260163.
 *
 * Corrected point-biserial = Pearson(x, R) with R = T - x (rest score; one form, so the rest
 * proportion R/3 gives the same correlation). r = cov / sqrt(var x * var R), population moments.
 *   I1: x 1,1,1,1,0,0  R 2,2,1,1,1,0. mean x 2/3, mean R 7/6, mean xR 6/6 = 1,
 *       cov = 1 - 14/18 = 2/9; var x = 2/9; var R = 11/6 - 49/36 = 17/36;
 *       r = (2/9) / sqrt(2/9 * 17/36) = 4/sqrt(34) = 0.685994.
 *   I2: x 1,1,0,0,0,0  R 2,2,2,2,1,0. mean x 1/3, mean R 3/2, mean xR 4/6,
 *       cov = 2/3 - 1/2 = 1/6; var x 2/9; var R = 17/6 - 9/4 = 7/12;
 *       r = (1/6) / sqrt(2/9 * 7/12) = sqrt(3/14) = 0.462910.
 *   I3: x 1,1,1,0,0,0  R 2,2,1,2,1,0. mean x 1/2, mean R 4/3, mean xR 5/6,
 *       cov = 5/6 - 2/3 = 1/6; var x 1/4; var R = 14/6 - 16/9 = 5/9;
 *       r = (1/6) / sqrt(1/4 * 5/9) = 1/sqrt(5) = 0.447214.
 *   I4: x 0,0,0,1,1,0  R 3,3,2,1,0,0. mean x 1/3, mean R 3/2, mean xR 1/6,
 *       cov = 1/6 - 1/2 = -1/3; var x 2/9; var R = 23/6 - 9/4 = 19/12;
 *       r = (-1/3) / sqrt(2/9 * 19/12) = -sqrt(6/19) = -0.561951.
 *
 * Groups: 27% of 6 = 1.62, rounded to 2. Top = P1, P2 (3 each); bottom = P5, P6 (1 and 0).
 *   D = p(top) - p(bottom): I1 1 - 0 = 1; I2 1 - 0 = 1; I3 1 - 0 = 1; I4 0 - 1/2 = -0.5.
 *
 * Options chosen (all / top / bottom):
 *   I1: A 4/2/0, B 2/0/2, C 0/0/0        -> C chosen by nobody.
 *   I2: A 1/0/0, B 2/2/0, C 2/0/1, D 0/0/0, one omitted (P6) -> D chosen by nobody.
 *   I3: A 3/2/0, B 2/0/1, C 1/0/1        -> no flag.
 *   I4: A 2/0/1, B 2/2/0, C 2/0/1        -> top group chose B (2) more than the key A (0);
 *                                           r_pb -0.56 < 0.15 -> low discrimination.
 */
const pick = (score: 0 | 1, ...chosen: string[]): CellResponse => ({ score, chosen });
const single = (key: string, ...ids: string[]) => ids.map((id) => ({ id, correct: id === key }));

const matrix: ResponseMatrix = {
  items: [
    { id: 'I1', options: single('A', 'A', 'B', 'C') },
    { id: 'I2', options: single('B', 'A', 'B', 'C', 'D') },
    { id: 'I3', options: single('A', 'A', 'B', 'C') },
    { id: 'I4', options: single('A', 'A', 'B', 'C') },
  ],
  persons: [
    { id: 'P1', responses: [pick(1, 'A'), pick(1, 'B'), pick(1, 'A'), pick(0, 'B')] },
    { id: 'P2', responses: [pick(1, 'A'), pick(1, 'B'), pick(1, 'A'), pick(0, 'B')] },
    { id: 'P3', responses: [pick(1, 'A'), pick(0, 'C'), pick(1, 'A'), pick(0, 'C')] },
    { id: 'P4', responses: [pick(1, 'A'), pick(0, 'A'), pick(0, 'B'), pick(1, 'A')] },
    { id: 'P5', responses: [pick(0, 'B'), pick(0, 'C'), pick(0, 'C'), pick(1, 'A')] },
    { id: 'P6', responses: [pick(0, 'B'), pick(0), pick(0, 'B'), pick(0, 'C')] },
  ],
};

const byId = (result: ReturnType<typeof analyseItems>, id: string) => result.items.find((i) => i.id === id)!;

describe('item statistics on the hand-worked matrix', () => {
  const result = analyseItems(matrix);

  it('gives difficulty p per item', () => {
    expect(result.items.map((i) => i.p)).toEqual([4 / 6, 2 / 6, 3 / 6, 2 / 6]);
    expect(result.items.map((i) => i.n)).toEqual([6, 6, 6, 6]);
  });

  it('gives the corrected point-biserial per item', () => {
    const r = result.items.map((i) => i.rpb!);
    expect(r[0]).toBeCloseTo(0.685994, 6);
    expect(r[1]).toBeCloseTo(0.46291, 6);
    expect(r[2]).toBeCloseTo(0.447214, 6);
    expect(r[3]).toBeCloseTo(-0.561951, 6);
  });

  it('gives KR-20 = 32/123', () => {
    expect(result.kr20).toBeCloseTo(32 / 123, 10);
    expect(result.kr20).toBeCloseTo(0.260163, 6);
    expect(result.forms).toHaveLength(1);
    expect(result.forms[0]).toMatchObject({ itemIds: ['I1', 'I2', 'I3', 'I4'], persons: 6 });
    expect(result.forms[0].meanScore).toBeCloseTo(11 / 6, 10);
    expect(result.forms[0].variance).toBeCloseTo(41 / 36, 10);
  });

  it('gives the upper-lower index with top and bottom groups of two', () => {
    expect(result.topGroupSize).toBe(2);
    expect(result.items.map((i) => i.upperLowerD)).toEqual([1, 1, 1, -0.5]);
  });

  it('counts every option overall, in the top group and in the bottom group, and omissions', () => {
    const counts = (id: string) => byId(result, id).options.map((o) => `${o.id}${o.correct ? '*' : ''} ${o.count}/${o.topCount}/${o.bottomCount}`);
    expect(counts('I1')).toEqual(['A* 4/2/0', 'B 2/0/2', 'C 0/0/0']);
    expect(counts('I2')).toEqual(['A 1/0/0', 'B* 2/2/0', 'C 2/0/1', 'D 0/0/0']);
    expect(counts('I3')).toEqual(['A* 3/2/0', 'B 2/0/1', 'C 1/0/1']);
    expect(counts('I4')).toEqual(['A* 2/0/1', 'B 2/2/0', 'C 2/0/1']);
    expect(result.items.map((i) => i.omitted)).toEqual([0, 1, 0, 0]);
    expect(byId(result, 'I2').options[1].share).toBeCloseTo(2 / 6, 10);
  });

  it('flags the weak items and says why', () => {
    const flags = (id: string) => byId(result, id).flags.map((f) => `${f.code}${f.optionId ? ` ${f.optionId}` : ''}`);
    expect(flags('I1')).toEqual(['unused_distractor C']);
    expect(flags('I2')).toEqual(['unused_distractor D']);
    expect(flags('I3')).toEqual([]);
    expect(flags('I4')).toEqual(['low_discrimination', 'distractor_beats_key_in_top_group B']);
    expect(byId(result, 'I4').flags[0].message).toMatch(/negative \(r_pb -0\.56\).*Check the key/);
    expect(result.smallSample).toBe(true);
    expect(result.meanProportion).toBeCloseTo(11 / 24, 10);
  });
});

describe('edge cases', () => {
  it('flags items everybody or nobody answers correctly; their r_pb is undefined', () => {
    const m: ResponseMatrix = {
      items: [
        { id: 'easy', options: single('A', 'A', 'B') },
        { id: 'hard', options: single('A', 'A', 'B') },
        { id: 'mid', options: single('A', 'A', 'B') },
      ],
      persons: [
        { id: 'a', responses: [pick(1, 'A'), pick(0, 'B'), pick(1, 'A')] },
        { id: 'b', responses: [pick(1, 'A'), pick(0, 'B'), pick(0, 'B')] },
        { id: 'c', responses: [pick(1, 'A'), pick(0, 'B'), pick(1, 'A')] },
      ],
    };
    const r = analyseItems(m);
    expect(r.items.map((i) => [i.id, i.p, i.rpb, i.flags.map((f) => f.code)])).toEqual([
      ['easy', 1, null, ['too_easy', 'unused_distractor']],
      ['hard', 0, null, ['too_hard', 'distractor_beats_key_in_top_group']],
      ['mid', 2 / 3, null, []],
    ]);
  });

  it('handles random forms: p over those given the item, KR-20 per form and weighted', () => {
    // Form A: the six persons above on I1-I4 (KR-20 32/123). Form B: four persons on I1 and I2 only:
    //   Q1 1,1  Q2 1,0  Q3 0,1  Q4 0,0 -> p .5 and .5, sum pq .5; totals 2,1,1,0, variance .5;
    //   KR-20 = 2/1 * (1 - .5/.5) = 0. Weighted: (6 * 32/123 + 4 * 0) / 10 = 0.156098.
    //   I1 over both forms: (4 + 2) / 10 = .6; I3 only on form A: n 6.
    const formB = [
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ].map((s, i) => ({ id: `Q${i + 1}`, responses: [pick(s[0] as 0 | 1, s[0] ? 'A' : 'B'), pick(s[1] as 0 | 1, s[1] ? 'B' : 'A'), null, null] }));
    const r = analyseItems({ items: matrix.items, persons: [...matrix.persons, ...formB] });
    expect(r.forms.map((f) => [f.itemIds.join(' '), f.persons])).toEqual([
      ['I1 I2 I3 I4', 6],
      ['I1 I2', 4],
    ]);
    expect(r.forms[0].kr20).toBeCloseTo(32 / 123, 10);
    expect(r.forms[1].kr20).toBeCloseTo(0, 10);
    expect(r.kr20).toBeCloseTo((6 * 32) / 123 / 10, 10);
    expect(byId(r, 'I1').p).toBeCloseTo(0.6, 10);
    expect(byId(r, 'I1').n).toBe(10);
    expect(byId(r, 'I3').n).toBe(6);
  });

  it('gives nothing to compute for an empty matrix, and refuses a ragged one', () => {
    const r = analyseItems({ items: [], persons: [] });
    expect(r).toMatchObject({ personCount: 0, itemCount: 0, kr20: null, meanProportion: null, items: [] });
    expect(() => analyseItems({ items: matrix.items, persons: [{ id: 'x', responses: [null] }] })).toThrow(/1 responses for 4 items/);
    expect(kr20([[1, 0]])).toBeNull();
  });

  it('treats a multiple-response item as keyed by all its correct options', () => {
    const m: ResponseMatrix = {
      items: [{ id: 'M', options: [{ id: 'A', correct: true }, { id: 'B', correct: true }, { id: 'C', correct: false }] }],
      persons: [
        { id: 't1', responses: [pick(0, 'A', 'C')] },
        { id: 't2', responses: [pick(0, 'A', 'C')] },
        { id: 't3', responses: [pick(1, 'A', 'B')] },
        { id: 't4', responses: [pick(0, 'B')] },
      ],
    };
    // Everyone has one item, so ranking falls back to input order among equal proportions:
    // t3 (1.0) first, then t1 (0); top group = round(.27 * 4) = 1 person = t3. C is not above the key there.
    const r = analyseItems(m);
    expect(r.items[0].options.map((o) => [o.id, o.count, o.topCount])).toEqual([
      ['A', 3, 1],
      ['B', 2, 1],
      ['C', 2, 0],
    ]);
    expect(r.items[0].flags.map((f) => f.code)).toEqual([]);
  });
});
