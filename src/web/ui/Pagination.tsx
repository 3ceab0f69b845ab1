import { Button } from './Button';

export function Pagination({
  total,
  limit,
  offset,
  onChange,
  label = 'Pages',
}: {
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
  label?: string;
}) {
  if (total === 0) return null;
  const first = offset + 1;
  const last = Math.min(offset + limit, total);
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pagination" aria-label={label}>
      <p className="pagination__status">
        Showing {first}–{last} of {total}
        {pages > 1 ? ` (page ${page} of ${pages})` : ''}
      </p>
      {pages > 1 ? (
        <div className="pagination__buttons">
          <Button variant="secondary" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
            Previous page
          </Button>
          <Button variant="secondary" disabled={last >= total} onClick={() => onChange(offset + limit)}>
            Next page
          </Button>
        </div>
      ) : null}
    </nav>
  );
}
