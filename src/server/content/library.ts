import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { PageQuery } from '../http/pagination.js';
import { competencies, trainingStages } from '../framework/schema.js';
import { lessons } from './schema.js';
import { buildSnippet, queryStems, type SnippetPart } from './snippet.js';

export interface LibraryFilters {
  q?: string;
  stage?: string;
  level?: string;
  competency?: string;
}

export type { SnippetPart };

export interface LibraryItem {
  id: string;
  key: string;
  title: string;
  summary: string;
  minutes: number;
  stage: string;
  stageTitle: string | null;
  levels: string[];
  competencies: string[];
  revision: number;
  updatedAt: Date;
  /** Relevance when searching (higher is better); null when listing without a query. */
  rank: number | null;
  /** Where the query matched, with the matching words marked; the summary when listing. */
  snippet: SnippetPart[];
}

function filterSql(orgId: string, f: LibraryFilters): SQL {
  const parts: SQL[] = [sql`l.org_id = ${orgId}`, sql`l.retired_at is null`];
  if (f.stage) parts.push(sql`l.stage = ${f.stage}`);
  if (f.level) parts.push(sql`${f.level} = any(l.levels)`);
  if (f.competency) parts.push(sql`${f.competency} = any(l.competencies)`);
  return sql.join(parts, sql` and `);
}

interface Row {
  id: string;
  lesson_key: string;
  title: string;
  summary: string;
  minutes: number;
  stage: string;
  stage_title: string | null;
  levels: string[];
  competencies: string[];
  revision: number;
  updated_at: string | Date;
  rank: number | null;
  total: number | string;
  terms: string | null;
  body_text: string | null;
}

const toItem = (r: Row): LibraryItem => ({
  id: r.id,
  key: r.lesson_key,
  title: r.title,
  summary: r.summary,
  minutes: r.minutes,
  stage: r.stage,
  stageTitle: r.stage_title,
  levels: r.levels,
  competencies: r.competencies,
  revision: r.revision,
  updatedAt: new Date(r.updated_at),
  rank: r.rank === null ? null : Number(r.rank),
  snippet: r.body_text !== null ? buildSnippet(r.summary, r.body_text, queryStems(r.terms)) : [{ text: r.summary, highlight: false }],
});

/**
 * The library: lessons of the organisation that are not retired, filtered by stage, level and
 * competency. With a query, full-text search (Postgres websearch syntax: words, "a phrase", -not,
 * or) over title, summary and body. Ranking: matches in the title count most, then the summary;
 * lessons that match only in the body follow in library order. Each hit has a snippet of where it
 * matched.
 */
export async function searchLibrary(db: Db, orgId: string, filters: LibraryFilters, page: PageQuery): Promise<{ items: LibraryItem[]; total: number; limit: number; offset: number }> {
  const where = filterSql(orgId, filters);
  const q = filters.q?.trim();
  // Library order follows the stages; the stage list is read once per query (an InitPlan), not joined per lesson.
  const stageOrder = sql`coalesce(array_position((select array_agg(stage_key order by position) from training_stages where org_id = ${orgId}), l.stage), 1000000)`;
  const columns = sql`l.id, l.lesson_key, l.title, l.summary, l.minutes, l.stage, l.levels, l.competencies, l.revision, l.updated_at,
    (select s.title from training_stages s where s.org_id = l.org_id and s.stage_key = l.stage) as stage_title`;
  let rows: Row[];
  if (q) {
    rows = await db.transaction(async (tx) => {
      // Match through the GIN index even when most lessons match: the planner would otherwise pick a
      // sequential scan, which reads every lesson's large search vector (docs/benchmarks.md).
      await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`);
      // The page is chosen on the small rank vector first; only its rows bring their text for snippets.
      const result = await tx.execute(sql`
        select ${columns}, hits.rank, hits.total, hits.terms, l.body_text
        from (
          select l.id, ts_rank(l.rank_vector, query.tsq) as rank, ${stageOrder} as stage_position, count(*) over () as total, querytree(query.tsq) as terms
          from lessons l, websearch_to_tsquery('english', ${q}) as query(tsq)
          where ${where} and l.search_vector @@ query.tsq
          order by rank desc, stage_position, l.lesson_key
          limit ${page.limit} offset ${page.offset}
        ) as hits join lessons l on l.id = hits.id
        order by hits.rank desc, hits.stage_position, l.lesson_key`);
      return result.rows as unknown as Row[];
    });
  } else {
    const result = await db.execute(sql`
      select ${columns}, null::real as rank, count(*) over () as total, null::text as terms, null::text as body_text
      from lessons l
      where ${where}
      order by ${stageOrder}, l.lesson_key
      limit ${page.limit} offset ${page.offset}`);
    rows = result.rows as unknown as Row[];
  }
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && page.offset > 0) {
    const counted = await db.execute(
      q
        ? sql`select count(*)::int as n from lessons l where ${where} and l.search_vector @@ websearch_to_tsquery('english', ${q})`
        : sql`select count(*)::int as n from lessons l where ${where}`,
    );
    total = Number((counted.rows[0] as { n: number }).n);
  }
  return { items: rows.map(toItem), total, limit: page.limit, offset: page.offset };
}

/** Stages with the number of library lessons in each, in ladder order: the stage filter. */
export async function listStages(db: Db, orgId: string) {
  const rows = await db
    .select({
      id: trainingStages.stageKey,
      title: trainingStages.title,
      description: trainingStages.description,
      levels: trainingStages.levels,
      // Spelled out: drizzle leaves the table name off columns here, which would bind them to the subquery's own table.
      lessonCount: sql<number>`(select count(*)::int from lessons l where l.org_id = training_stages.org_id and l.stage = training_stages.stage_key and l.retired_at is null)`,
    })
    .from(trainingStages)
    .where(eq(trainingStages.orgId, orgId))
    .orderBy(asc(trainingStages.position));
  return { items: rows };
}

/** Competencies with the number of library lessons teaching each: the competency filter. */
export async function listCompetencies(db: Db, orgId: string) {
  const rows = await db
    .select({
      id: competencies.competencyKey,
      name: competencies.name,
      stage: competencies.stageKey,
      description: competencies.description,
      lessonCount: sql<number>`(select count(*)::int from lessons l where l.org_id = competencies.org_id and competencies.competency_key = any(l.competencies) and l.retired_at is null)`,
    })
    .from(competencies)
    .where(eq(competencies.orgId, orgId))
    .orderBy(asc(competencies.position));
  return { items: rows };
}

/** Lessons by key, for path views: retired ones included and flagged. */
export async function lessonSummaries(db: Db, orgId: string, keys: string[]) {
  if (!keys.length) return new Map<string, LessonSummary>();
  const rows = await db
    .select({ id: lessons.id, key: lessons.lessonKey, title: lessons.title, summary: lessons.summary, minutes: lessons.minutes, stage: lessons.stage, revision: lessons.revision, retiredAt: lessons.retiredAt })
    .from(lessons)
    .where(and(eq(lessons.orgId, orgId), inArray(lessons.lessonKey, keys)));
  return new Map(rows.map((r) => [r.key, { ...r, retired: !!r.retiredAt }]));
}
export interface LessonSummary {
  id: string;
  key: string;
  title: string;
  summary: string;
  minutes: number;
  stage: string;
  revision: number;
  retiredAt: Date | null;
  retired: boolean;
}

