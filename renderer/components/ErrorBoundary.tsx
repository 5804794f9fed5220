// A screen that throws while rendering shows what went wrong and a Retry, inside its own frame: the sidebar
// and the other screens keep working, and the window is never blank. Retry renders the screen again from
// the store as it is now (the store survives; only the failed subtree is thrown away).

import { Component, type ErrorInfo, type ReactNode } from 'react';
import { errorOf } from '../store/errors.ts';

export interface ErrorBoundaryProps {
  /** What failed, for the message: "Messages", "Streamlab". */
  label: string;
  children: ReactNode;
}

interface State {
  error: unknown;
  failed: boolean;
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: null, failed: false };

  static getDerivedStateFromError(error: unknown): State {
    return { error, failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`${this.props.label} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const { name, message } = errorOf(this.state.error);
    return (
      <section className="screen" aria-labelledby="failed-title">
        <div className="inline-error screen-failed" role="alert">
          <h1 id="failed-title">{this.props.label} could not be shown</h1>
          <p><code className="error-name">{name}</code> {message}</p>
          <p className="muted">The rest of the app still works. Retry shows this screen again.</p>
          <button type="button" className="primary" onClick={() => this.setState({ error: null, failed: false })}>Retry</button>
        </div>
      </section>
    );
  }
}
