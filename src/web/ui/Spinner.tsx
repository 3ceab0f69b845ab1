export function Spinner({ size = 'normal' }: { size?: 'small' | 'normal' }) {
  return <span className={`spinner spinner--${size}`} aria-hidden="true" />;
}

/** A visible, announced loading indicator for a region that is fetching. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}
