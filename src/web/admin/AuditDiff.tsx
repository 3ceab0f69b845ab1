function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return '—';
  if (v === null) return 'empty';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The fields an audited change touched, before and after, as a small table. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  if ((before === null || before === undefined) && (after === null || after === undefined)) return <span className="muted">No details</span>;
  if (!isRecord(before ?? {}) || !isRecord(after ?? {})) {
    return (
      <pre className="json">
        {JSON.stringify({ before, after }, null, 2)}
      </pre>
    );
  }
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  const verb = before == null ? 'Created with' : after == null ? 'Removed' : 'Changed';
  if (keys.length === 0) return <span className="muted">No field changed</span>;
  return (
    <details className="diff">
      <summary>
        {verb} {keys.length} {keys.length === 1 ? 'field' : 'fields'}
      </summary>
      <table className="table table--compact">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k}>
              <th scope="row">
                <code>{k}</code>
              </th>
              <td className="diff__before break">{before == null ? '—' : show(b[k])}</td>
              <td className="diff__after break">{after == null ? '—' : show(a[k])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
