import { useEffect, useState } from 'react'
import { useAppStore, usePick } from './stores'
import { subscribe } from './api'
import { CaseView } from './features/cases/CaseView'
import { NewCaseForm } from './features/cases/NewCaseForm'
import { useDropTarget } from './drop-target'
import { isBundleFile } from './stores/bundle.slice'
import { VerifyView } from './features/verdict/VerifyView'
import { SchemesView } from './features/schemes/SchemesView'
import { IdentityChip, IdentityPanel } from './features/identity/IdentityPanel'
import { NoticeBar } from './components/NoticeBar'
import { FileLink } from './components/FormFields'
import { useHashRoute } from './useHashRoute'
import { formatDateTime } from './format'
import { DEMO_CASE_ID } from '../../shared/domain/demo'

function Welcome(): React.JSX.Element {
  const { openDemo, busy } = usePick('openDemo', 'busy')
  const hasCases = useAppStore((s) => s.cases.length > 0)
  return (
    <div className="welcome">
      <h2>Welcome to Auditor Workbench</h2>
      <p>
        Import an applicant's self-assessment and the codified-check reports of their clouds, compare claim
        and evidence side by side, score every criterion and issue a verdict. Everything stays in one local
        workspace file.
      </p>
      {!hasCases && (
        <div className="panel demo">
          <h3>New here?</h3>
          <p>
            Open a realistic demo case: a public IaaS cloud applying for SCS-compatible IaaS v5.1, with its
            compliance-check report and its self-assessment.
          </p>
          <button className="primary" onClick={() => void openDemo()} disabled={!!busy}>
            {busy ? 'Opening the demo case…' : 'Open demo case'}
          </button>
        </div>
      )}
      <NewCaseForm />
    </div>
  )
}

function Sidebar(): React.JSX.Element {
  const { cases, casesStatus, selectedCaseId, selectCase, showView, openDemo, busy, openBundle } = usePick(
    'openBundle',
    'cases',
    'casesStatus',
    'selectedCaseId',
    'selectCase',
    'showView',
    'openDemo',
    'busy'
  )
  // a case bundle (.awcase) dropped on the case list is opened
  const drop = useDropTarget((files) => files.filter(isBundleFile).forEach((f) => void openBundle(f)))
  return (
    <nav className={`sidebar ${drop.over ? 'over' : ''}`} aria-label="Cases" {...drop.handlers}>
      <div className="sidebar-head">
        <h2>Cases</h2>
        <button onClick={() => showView('new')}>+ New</button>
      </div>
      {casesStatus === 'loading' && <p className="dim">Loading…</p>}
      <ul>
        {cases.map((c) => (
          <li key={c.id}>
            <button
              className={`case-link ${c.id === selectedCaseId ? 'on' : ''}`}
              aria-current={c.id === selectedCaseId ? 'page' : undefined}
              onClick={() => void selectCase(c.id)}
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
        <FileLink
          className="link small file-link"
          title="Open a case bundle (.awcase) another auditor handed over; or drop it on the case list"
          label="Open a bundle…"
          accept=".awcase"
          data-testid="open-bundle"
          onFile={(f) => void openBundle(f)}
        />
        <button className="link small" onClick={() => showView('verify')}>
          Verify a verdict PDF
        </button>
        <button className="link small" onClick={() => showView('schemes')}>
          Schemes
        </button>
        {cases.length > 0 && !cases.some((c) => c.id === DEMO_CASE_ID) && (
          <button className="link small" onClick={() => void openDemo()} disabled={!!busy}>
            Open demo case
          </button>
        )}
      </div>
    </nav>
  )
}

export function App(): React.JSX.Element {
  const {
    info,
    casesStatus,
    view,
    selectedCaseId,
    busy,
    loadWorkspace,
    identity,
    loadIdentity,
    registerSent
  } = usePick(
    'info',
    'casesStatus',
    'view',
    'selectedCaseId',
    'busy',
    'loadWorkspace',
    'identity',
    'loadIdentity',
    'registerSent'
  )
  // null: open by itself while no key is open (first use), until the auditor closes it
  const [identityOpen, setIdentityOpen] = useState<boolean | null>(null)
  useEffect(() => {
    void loadWorkspace()
    void loadIdentity()
  }, [loadWorkspace, loadIdentity])
  // queued register pushes sent in the background (README: The register, In the app)
  useEffect(() => subscribe('register:sent', registerSent), [registerSent])
  useHashRoute(casesStatus === 'ready')

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
            clock fixed at {formatDateTime(info.clockFixedAt)}
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
      {busy && (
        <div className="busy" role="status" aria-live="polite" data-testid="busy">
          <div className="progress indeterminate" role="progressbar" aria-label={busy}>
            <div className="bar" />
          </div>
          <span>{busy}</span>
        </div>
      )}
      <NoticeBar />
      <div className="layout">
        <Sidebar />
        <main className={`content ${view === 'case' && selectedCaseId ? 'is-case' : ''}`}>
          {view === 'verify' ? (
            <VerifyView />
          ) : view === 'schemes' ? (
            <SchemesView />
          ) : view === 'case' && selectedCaseId ? (
            <CaseView />
          ) : view === 'new' ? (
            <NewCaseForm cancellable />
          ) : (
            <Welcome />
          )}
        </main>
      </div>
    </div>
  )
}
