import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { lessons } from '../../content/schema.js';
import { lessonProgress } from '../schema.js';
import type { PathRow } from '../lookups.js';

type Tx = Pick<Db, 'select'>;

export interface PathLessonState {
  lessonKey: string;
  title: string;
  minutes: number;
  status: 'not_started' | 'in_progress' | 'completed';
  completedAt: Date | null;
  updatedSinceCompleted: boolean;
}

export interface PathProgress {
  completed: number;
  total: number;
  percent: number;
  sections: { title: string; description: string; completed: number; total: number; lessons: PathLessonState[] }[];
  nextLesson: { lessonKey: string; title: string; sectionTitle: string } | null;
}

type PathShape = Pick<PathRow, 'id' | 'sections'>;

/**
 * Progress of many (person, path) pairs in three queries. Lessons the path names but the library no
 * longer offers (missing, or retired by a pack upgrade) are left out of the count.
 */
export async function pathProgressMany(tx: Tx, orgId: string, pairs: { personId: string; path: PathShape }[]): Promise<PathProgress[]> {
  if (pairs.length === 0) return [];
  const keys = [...new Set(pairs.flatMap((p) => p.path.sections.flatMap((s) => s.lessonKeys)))];
  const lessonRows = keys.length
    ? await tx
        .select({ id: lessons.id, lessonKey: lessons.lessonKey, title: lessons.title, minutes: lessons.minutes, revision: lessons.revision, retiredAt: lessons.retiredAt })
        .from(lessons)
        .where(and(eq(lessons.orgId, orgId), inArray(lessons.lessonKey, keys)))
    : [];
  const byKey = new Map(lessonRows.filter((l) => !l.retiredAt).map((l) => [l.lessonKey, l]));
  const personIds = [...new Set(pairs.map((p) => p.personId))];
  const progressRows = lessonRows.length
    ? await tx
        .select({ personId: lessonProgress.personId, lessonId: lessonProgress.lessonId, completedAt: lessonProgress.completedAt, completedRevision: lessonProgress.completedRevision })
        .from(lessonProgress)
        .where(and(inArray(lessonProgress.personId, personIds), inArray(lessonProgress.lessonId, lessonRows.map((l) => l.id))))
    : [];
  const progress = new Map(progressRows.map((r) => [`${r.personId}:${r.lessonId}`, r]));

  return pairs.map(({ personId, path }) => {
    let next: PathProgress['nextLesson'] = null;
    const sections = path.sections.map((section) => {
      const states: PathLessonState[] = [];
      for (const key of section.lessonKeys) {
        const lesson = byKey.get(key);
        if (!lesson) continue;
        const row = progress.get(`${personId}:${lesson.id}`);
        const status = row?.completedAt ? 'completed' : row ? 'in_progress' : 'not_started';
        if (status !== 'completed' && !next) next = { lessonKey: key, title: lesson.title, sectionTitle: section.title };
        states.push({
          lessonKey: key,
          title: lesson.title,
          minutes: lesson.minutes,
          status,
          completedAt: row?.completedAt ?? null,
          updatedSinceCompleted: !!row?.completedAt && (row.completedRevision ?? 0) < lesson.revision,
        });
      }
      const done = states.filter((s) => s.status === 'completed').length;
      return { title: section.title, description: section.description, completed: done, total: states.length, lessons: states };
    });
    const completed = sections.reduce((n, s) => n + s.completed, 0);
    const total = sections.reduce((n, s) => n + s.total, 0);
    return { completed, total, percent: total ? Math.floor((completed / total) * 100) : 0, sections, nextLesson: next };
  });
}

export async function pathProgress(tx: Tx, orgId: string, personId: string, path: PathShape): Promise<PathProgress> {
  const [one] = await pathProgressMany(tx, orgId, [{ personId, path }]);
  return one;
}

export function isComplete(p: PathProgress): boolean {
  return p.total > 0 && p.completed === p.total;
}
