// A lab that throws while rendering shows what went wrong and a way back, instead of a blank page; the
// rest of the app (header, other labs) keeps working.
import { Component, type ReactNode } from 'react';

interface Props {
  /** What failed, for the message ("the Classify lab"). */
  what: string;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="notice error-boundary" role="alert" data-testid="error-boundary">
        <p>
          <strong>Something went wrong in {this.props.what}:</strong> {error.message}
        </p>
        <p>Your settings are in the link, so nothing is lost.</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>{' '}
        <button type="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </div>
    );
  }
}
