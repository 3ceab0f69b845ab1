import { z } from 'zod';

/** Every list takes limit/offset and returns the total, so clients can page through it. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

export function page<T>(items: T[], total: number, q: PageQuery) {
  return { items, total, limit: q.limit, offset: q.offset };
}
