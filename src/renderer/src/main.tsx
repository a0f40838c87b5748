import { Component, StrictMode, type ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { connect } from './api'
import './styles.css'

/** Bugs are not errors: a render failure shows this instead of a blank window. */
class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }
  override componentDidCatch(error: unknown): void {
    console.error('render failed', error)
  }
  override render(): ReactNode {
    return this.state.failed ? (
      <p className="banner">The window hit a bug. Reload to continue; your workspace is safe.</p>
    ) : (
      this.props.children
    )
  }
}

connect()
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>
)
