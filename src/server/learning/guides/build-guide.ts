import type { PDFPage } from 'pdf-lib';
import type { ApplyIt, KnowledgeCheckQuestion } from '../../content/schema.js';
import { toolkitTool } from '../../../shared/toolkit-tools.js';
import { markdownBlocks } from './markdown-blocks.js';
import { GuideWriter, MARGIN, PAGE } from './writer.js';

export interface GuideLesson {
  title: string;
  summary: string;
  minutes: number;
  stageTitle: string;
  objectives: string[];
  bodyMarkdown: string;
  knowledgeCheck: KnowledgeCheckQuestion[];
  applyIt: ApplyIt;
}

export interface GuideSpec {
  title: string;
  subtitle: string;
  organisationName: string;
  date: Date;
  /** Path sections, or one untitled group for a stage guide. */
  groups: { title?: string; description?: string; lessons: GuideLesson[] }[];
}

const CONTENTS_LEADING = 17;
const LETTERS = 'abcdefghij';

function coverPage(w: GuideWriter, spec: GuideSpec, lessons: GuideLesson[]) {
  const page = w.newPage();
  const { ACCENT, MUTED } = GuideWriter.colors;
  page.drawRectangle({ x: 0, y: PAGE.height - 10, width: PAGE.width, height: 10, color: ACCENT });
  w.y = PAGE.height - 150;
  w.muted(spec.organisationName.toUpperCase(), 11);
  w.space(10);
  w.runs([{ text: spec.title, bold: true }], { size: 28, leading: 34 });
  w.space(8);
  if (spec.subtitle) w.runs([{ text: spec.subtitle }], { size: 13, leading: 18, color: MUTED });
  const minutes = lessons.reduce((n, l) => n + l.minutes, 0);
  w.y = 190;
  w.text(`A Milewide study guide: ${lessons.length} lesson${lessons.length === 1 ? '' : 's'}, about ${Math.max(1, Math.round(minutes / 60))} hour${Math.round(minutes / 60) > 1 ? 's' : ''} of reading.`, { size: 11, leading: 16 });
  w.text(`Prepared for ${spec.organisationName} on ${spec.date.toISOString().slice(0, 10)}.`, { size: 11, leading: 16 });
}

function lessonPages(w: GuideWriter, lesson: GuideLesson) {
  w.heading(lesson.title, 1);
  w.muted(`${lesson.stageTitle} - about ${lesson.minutes} minutes`);
  w.space(4);
  if (lesson.summary) w.text(lesson.summary, { size: 11, leading: 16 }, { italic: true });
  w.space(6);
  if (lesson.objectives.length) {
    w.heading('What you will be able to do', 2);
    for (const objective of lesson.objectives) {
      w.runs([{ text: objective }], undefined, { indent: 16, marker: '\u2022' });
      w.space(2);
    }
    w.space(4);
  }
  w.blocks(markdownBlocks(lesson.bodyMarkdown));
  if (lesson.knowledgeCheck.length) {
    w.heading('Knowledge check', 2);
    w.muted('Answer in the lesson player to see the feedback on each option.');
    w.space(4);
    lesson.knowledgeCheck.forEach((q, n) => {
      const hint = q.kind === 'multiple' ? ' (choose all that apply)' : '';
      w.runs([{ text: `${q.prompt}${hint}`, bold: true }], undefined, { indent: 16, marker: `${n + 1}.`, keepWithNext: 30 });
      w.space(2);
      q.options.forEach((o, i) => {
        w.runs([{ text: o.text }], undefined, { indent: 34, marker: `${LETTERS[i] ?? '-'})` });
        w.space(1);
      });
      w.space(6);
    });
  }
  w.heading(`Apply it: ${lesson.applyIt.title}`, 2);
  w.blocks(markdownBlocks(lesson.applyIt.task));
  const tool = toolkitTool(lesson.applyIt.tool);
  w.muted(`Toolkit: ${tool?.name ?? lesson.applyIt.tool}`);
}

/**
 * A printable guide: cover (title, organisation, date), contents with page numbers, then every
 * lesson (objectives, body, knowledge-check questions, apply-it task). The contents pages are
 * reserved first and filled in once the lessons have been laid out and their pages are known.
 */
export async function buildGuide(spec: GuideSpec): Promise<Uint8Array> {
  const w = await GuideWriter.create(spec.title);
  const lessons = spec.groups.flatMap((g) => g.lessons);
  coverPage(w, spec, lessons);

  const entries: { title: string; page: number; group: boolean }[] = [];
  const entryCount = spec.groups.filter((g) => g.title).length + lessons.length;
  const firstPageLines = Math.floor((PAGE.height - MARGIN.top - MARGIN.bottom - 50) / CONTENTS_LEADING);
  const otherPageLines = Math.floor((PAGE.height - MARGIN.top - MARGIN.bottom) / CONTENTS_LEADING);
  const contentsPages: PDFPage[] = [w.newPage()];
  for (let room = firstPageLines; room < entryCount; room += otherPageLines) contentsPages.push(w.newPage());

  for (const group of spec.groups) {
    let sharePage = false;
    if (group.title) {
      w.newPage();
      entries.push({ title: group.title, page: w.pageNumber, group: true });
      w.muted('SECTION', 9);
      w.heading(group.title, 1);
      if (group.description) w.text(group.description, { size: 11, leading: 16 });
      w.space(24);
      sharePage = true;
    }
    for (const lesson of group.lessons) {
      if (!sharePage) w.newPage();
      sharePage = false;
      entries.push({ title: lesson.title, page: w.pageNumber, group: false });
      lessonPages(w, lesson);
    }
  }

  let pageIndex = 0;
  let y = PAGE.height - MARGIN.top;
  const first = contentsPages[0];
  first.drawText('Contents', { x: MARGIN.left, y: y - 20, size: 20, font: w.fonts.bold, color: GuideWriter.colors.INK });
  y -= 50;
  for (const entry of entries) {
    if (y - CONTENTS_LEADING < MARGIN.bottom) {
      pageIndex++;
      y = PAGE.height - MARGIN.top;
    }
    y -= CONTENTS_LEADING;
    w.contentsLine(contentsPages[pageIndex], y, entry.title, entry.page, entry.group || !spec.groups.some((g) => g.title) ? 0 : 14, entry.group);
  }

  w.footers(spec.title);
  return w.doc.save();
}
