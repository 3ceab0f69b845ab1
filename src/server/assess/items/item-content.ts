import { createHash } from 'node:crypto';
import type { FieldError } from '../../http/errors.js';
import { unknownCompetencyMessage } from './competencies.js';
import type { ItemKind, StoredOption } from './schema.js';

/** What an item version says, before ids are given to its options. */
export interface ItemContent {
  kind: ItemKind;
  competency: string;
  stem: string;
  options: { text: string; correct: boolean; rationale: string }[];
  scenario: ScenarioSnapshot | null;
}

export interface ScenarioSnapshot {
  id: string;
  key: string;
  title: string;
  caseText: string;
}

/** Bank, item and scenario keys. */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 8;
export const MAX_STEM = 5000;
export const MAX_OPTION_TEXT = 1000;
export const MAX_RATIONALE = 2000;

/** Option ids are letters in authoring order; exams store them in answers. */
export function optionIds(count: number): string[] {
  return Array.from({ length: count }, (_v, i) => String.fromCharCode(65 + i));
}

export function toStoredOptions(options: ItemContent['options']): StoredOption[] {
  const ids = optionIds(options.length);
  return options.map((o, i) => ({ id: ids[i], text: o.text, correct: o.correct, rationale: o.rationale }));
}

/** Stable over formatting of the object; changes whenever anything a candidate sees or the key changes. */
export function contentHash(content: ItemContent): string {
  const canonical = JSON.stringify([
    content.kind,
    content.competency,
    content.stem,
    content.options.map((o) => [o.text, o.correct, o.rationale]),
    content.scenario ? [content.scenario.key, content.scenario.title, content.scenario.caseText] : null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7 };

/** "Choose two." in a stem, as a number; null when the stem does not say. */
export function statedChoiceCount(stem: string): number | null {
  const m = /\b(?:choose|select|pick)\s+(one|two|three|four|five|six|seven|\d)\b/i.exec(stem);
  if (!m) return null;
  const word = m[1].toLowerCase();
  return NUMBER_WORDS[word] ?? Number(word);
}

/**
 * Problems that make content unusable as an item. `forPublish` adds the rule that every option has
 * a rationale (drafts, e.g. imported questions without feedback, may lack some until an author
 * writes them). Paths are relative, e.g. `options.2.rationale`.
 */
export function checkItemContent(content: ItemContent, known: ReadonlySet<string>, forPublish: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (!content.stem.trim()) errors.push({ path: 'stem', message: 'is empty; write the question' });
  if (content.stem.length > MAX_STEM) errors.push({ path: 'stem', message: `is longer than ${MAX_STEM} characters` });
  if (!known.has(content.competency)) errors.push({ path: 'competency', message: unknownCompetencyMessage(content.competency, known) });
  const n = content.options.length;
  if (n < MIN_OPTIONS || n > MAX_OPTIONS) errors.push({ path: 'options', message: `has ${n} options; an item needs ${MIN_OPTIONS} to ${MAX_OPTIONS}` });
  const seen = new Map<string, number>();
  content.options.forEach((o, i) => {
    if (!o.text.trim()) errors.push({ path: `options.${i}.text`, message: 'is empty' });
    if (o.text.length > MAX_OPTION_TEXT) errors.push({ path: `options.${i}.text`, message: `is longer than ${MAX_OPTION_TEXT} characters` });
    if (o.rationale.length > MAX_RATIONALE) errors.push({ path: `options.${i}.rationale`, message: `is longer than ${MAX_RATIONALE} characters` });
    if (forPublish && !o.rationale.trim()) errors.push({ path: `options.${i}.rationale`, message: 'is empty; every option needs a rationale before the item is published' });
    const key = o.text.trim().toLowerCase();
    if (key && seen.has(key)) errors.push({ path: `options.${i}.text`, message: `repeats option ${seen.get(key)! + 1}` });
    seen.set(key, i);
  });
  const correct = content.options.filter((o) => o.correct).length;
  if (content.kind === 'single' && correct !== 1) {
    errors.push({ path: 'options', message: `a single-response item needs exactly one correct option; it has ${correct}` });
  }
  if (content.kind === 'multiple') {
    if (correct < 2) errors.push({ path: 'options', message: `a multiple-response item needs at least two correct options; it has ${correct} (make it "single" instead)` });
    if (correct === n && n > 0) errors.push({ path: 'options', message: 'every option is correct; a multiple-response item needs at least one wrong option' });
  }
  return errors;
}
