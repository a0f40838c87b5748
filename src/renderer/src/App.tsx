import { useEffect, useState } from 'react'
import { useAppStore } from './stores'
import { CaseView } from './features/cases/CaseView'
import { NewCaseForm } from './features/cases/NewCaseForm'
import { VerifyView } from './features/verdict/VerifyView'
import { SchemesView } from './features/schemes/SchemesView'
import { IdentityChip, IdentityPanel } from './features/identity/IdentityPanel'

function Welcome(): React.JSX.Element {
  const { openDemo, cases } = useAppStore()
  return (
    <div className="welcome">
      <h2>Welcome to Auditor Workbench</h2>
      <p>
        Import an applicant's self-assessment and the codified-check reports of their clouds, compare claim
        and evidence side by side, score every criterion and issue a verdict. Everything stays in one local
        workspace file.
      </p>
      {cases.length === 0 && (
        <div className="panel demo">
          <h3>New here?</h3>
          <p>
            Open a realistic demo case: a public IaaS cloud applying for SCS-compatible IaaS v5.1, with its
            compliance-check report and its self-assessment.
          </p>
          <button className="primary" onClick={() => void openDemo()}>
            Open demo case
          </button>
        </div>
      )}
      <NewCaseForm />
    </div>
  )
}

export function App(): React.JSX.Element {
  const {
    info,
    cases,
    casesStatus,
    selectedCaseId,
    loadWorkspace,
    selectCase,
    errorBanner,
    dismissError,
    openDemo,
    identity,
    loadIdentity
  } = useAppStore()
  const [creating, setCreating] = useState(false)
  const [verifying, setVerifying] = useState(false)
  const [schemesOpen, setSchemesOpen] = useState(false)
  // null: open by itself while no key is open (first use), until the auditor closes it
  const [identityOpen, setIdentityOpen] = useState<boolean | null>(null)
  useEffect(() => {
    void loadWorkspace()
    void loadIdentity()
  }, [loadWorkspace, loadIdentity])

  return (
    <div className="app">
      <header className="topbar">
        <h1>Auditor Workbench</h1>
        <span
          className="dim small"
          title={
            info
              ? `Workspace: ${info.dbPath}\nTrust list of report signers: ${info.allowedSignersPath || '(none)'}`
              : undefined
          }
        >
          {info ? `Workspace: ${info.dbPath}` : ''}
        </span>
        {info?.clockFixedAt && (
          <span
            className="badge s-warn"
            title="AUDITOR_WORKBENCH_CLOCK fixes the clock: every date is this one"
          >
            clock fixed at {info.clockFixedAt.slice(0, 16).replace('T', ' ')} UTC
          </span>
        )}
        <span className="badge info">
          {info?.transport === 'bridge' ? 'browser mode' : info ? 'desktop' : '…'}
        </span>
        <IdentityChip onOpen={() => setIdentityOpen(!(identityOpen ?? !identity?.current))} />
      </header>
      {identity && (identityOpen ?? !identity.current) && (
        <IdentityPanel onClose={() => setIdentityOpen(false)} />
      )}
      {errorBanner && (
        <div className="banner" role="alert">
          {errorBanner}
          <button onClick={dismissError} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <div className="layout">
        <nav className="sidebar" aria-label="Cases">
          <div className="sidebar-head">
            <h2>Cases</h2>
            <button
              onClick={() => {
                setCreating(true)
                setVerifying(false)
                setSchemesOpen(false)
                void selectCase(null)
              }}
            >
              + New
            </button>
          </div>
          {casesStatus === 'loading' && <p className="dim">Loading…</p>}
          <ul>
            {cases.map((c) => (
              <li key={c.id}>
                <button
                  className={`case-link ${c.id === selectedCaseId ? 'on' : ''}`}
                  onClick={() => {
                    setCreating(false)
                    setVerifying(false)
                    setSchemesOpen(false)
                    void selectCase(c.id)
                  }}
                >
                  <strong>{c.id}</strong>
                  <span className="dim small">
                    {c.schemeId} {c.schemeVersion} · {c.resultCount.toLocaleString('en')} results
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <div className="sidebar-links">
            <button
              className="link small"
              onClick={() => {
                setVerifying(true)
                setCreating(false)
                setSchemesOpen(false)
                void selectCase(null)
              }}
            >
              Verify a verdict PDF
            </button>
            <button
              className="link small"
              onClick={() => {
                setSchemesOpen(true)
                setVerifying(false)
                setCreating(false)
                void selectCase(null)
              }}
            >
              Schemes
            </button>
            {cases.length > 0 && !cases.some((c) => c.id === 'demo-cloud') && (
              <button
                className="link small"
                onClick={() => {
                  setVerifying(false)
                  setSchemesOpen(false)
                  void openDemo()
                }}
              >
                Open demo case
              </button>
            )}
          </div>
        </nav>
        <main className="content">
          {schemesOpen ? (
            <SchemesView />
          ) : verifying ? (
            <VerifyView />
          ) : selectedCaseId ? (
            <CaseView />
          ) : creating ? (
            <NewCaseForm onDone={() => setCreating(false)} />
          ) : (
            <Welcome />
          )}
        </main>
      </div>
    </div>
  )
}
