import { Link } from '@tanstack/react-router';
import { useDocumentTitle } from '../ui/hooks';
import { errorMessage } from '../api/client';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <div className="card">
      <h1 tabIndex={-1} className="page-title">
        Page not found
      </h1>
      <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </div>
  );
}

export function ErrorPage({ error }: { error: unknown }) {
  useDocumentTitle('Something went wrong');
  return (
    <div className="card" role="alert">
      <h1 tabIndex={-1} className="page-title">
        Something went wrong
      </h1>
      <p>{errorMessage(error)}</p>
      <p>
        <a href="/">Reload Milewide</a>
      </p>
    </div>
  );
}
