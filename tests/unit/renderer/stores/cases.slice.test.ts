import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { StoreApi } from 'zustand'
import { detail, holdAnswer, review, stubApi } from '../fixtures'
import type { InvokeChannel } from '../../../../src/shared/ipc/contract'

const answers: Partial<Record<InvokeChannel, unknown>> = {}
const { invoke, api } = stubApi(answers)
vi.stubGlobal('window', { api })
const { useAppStore } = await import('../../../../src/renderer/src/stores')
type AppState = ReturnType<typeof useAppStore.getState>
const slices = {
  cases: (await import('../../../../src/renderer/src/stores/cases.slice')).createCasesSlice,
  import: (await import('../../../../src/renderer/src/stores/import.slice')).createImportSlice,
  ui: (await import('../../../../src/renderer/src/stores/ui.slice')).createUiSlice,
  review: (await import('../../../../src/renderer/src/stores/review.slice')).createReviewSlice,
  schemes: (await import('../../../../src/renderer/src/stores/schemes.slice')).createSchemesSlice,
  identity: (await import('../../../../src/renderer/src/stores/identity.slice')).createIdentitySlice,
  documents: (await import('../../../../src/renderer/src/stores/documents.slice')).createDocumentsSlice,
  bundle: (await import('../../../../src/renderer/src/stores/bundle.slice')).createBundleSlice,
  trust: (await import('../../../../src/renderer/src/stores/trust.slice')).createTrustSlice,
  register: (await import('../../../../src/renderer/src/stores/register.slice')).createRegisterSlice
}
const { rowKey } = await import('../../../../src/renderer/src/stores/review.slice')

/** which slice declares each key of the store, and the keys more than one slice declares */
const owner = new Map<string, string>()
const declaredTwice: string[] = []
for (const [name, create] of Object.entries(slices)) {
  const slice = create(
    () => undefined,
    () => useAppStore.getState(),
    {} as StoreApi<AppState>
  )
  for (const key of Object.keys(slice)) {
    if (owner.has(key)) declaredTwice.push(`${key} (${owner.get(key)} and ${name})`)
    owner.set(key, name)
  }
}

beforeEach(() => {
  invoke.mockClear()
  useAppStore.setState(useAppStore.getInitialState(), true)
  answers['cases:get'] = detail()
  answers['cases:results'] = []
  answers['cases:list'] = []
  answers['cases:review'] = review()
})

describe('one owner for every key of the store', () => {
  it('no key is declared by two slices (the schemes were the cases slice’s and the schemes slice’s)', () => {
    expect(declaredTwice).toEqual([])
  })

  it('loading the workspace loads the schemes through the schemes slice', async () => {
    answers['app:info'] = {}
    answers['schemes:list'] = [{ id: 'scs-compatible-iaas' }]
    await useAppStore.getState().loadWorkspace()
    expect(useAppStore.getState()).toMatchObject({
      casesStatus: 'ready',
      schemesStatus: 'ready',
      schemes: [{ id: 'scs-compatible-iaas' }]
    })
  })
})

describe('selecting another case', () => {
  it('each change of state it makes belongs to one slice: the others forget the case through their own actions', async () => {
    // the case left behind, with something in every slice that must be forgotten
    useAppStore.setState({
      selectedCaseId: 'acme',
      view: 'case',
      tab: 'verdict',
      notice: { kind: 'error', text: 'about acme', items: [] },
      receipts: [{} as never],
      importSummary: { total: 1, stored: 1, refused: 0 },
      importProgress: 1,
      review: review(),
      logs: { x: null },
      selectedFindingId: 'f-0101'
    })
    const changes: string[][] = []
    const stop = useAppStore.subscribe((now, before) => {
      const a: Record<string, unknown> = { ...now }
      const b: Record<string, unknown> = { ...before }
      changes.push(Object.keys(a).filter((k) => a[k] !== b[k]))
    })
    const opening = useAppStore.getState().selectCase('other', { rowKey: rowKey('scs-0101-v1', 'x') })
    stop()
    await opening
    const mixed = changes.filter((keys) => new Set(keys.map((k) => owner.get(k))).size > 1)
    expect(mixed).toEqual([])
    expect(useAppStore.getState()).toMatchObject({
      selectedCaseId: 'other',
      view: 'case',
      tab: 'review',
      notice: null,
      receipts: [],
      importSummary: null,
      importProgress: 0,
      logs: {},
      selectedRowKey: rowKey('scs-0101-v1', 'x')
    })
  })
})

const hold = (channel: InvokeChannel, value: unknown) => holdAnswer(answers, channel, value)

describe('an action’s end and what happens meanwhile', () => {
  it('a refusal raised on the new state while the case reloads is not overwritten by the action’s success', async () => {
    // Ann's case is submitted; Bob accepts it. The case comes back accepted at once; its review is held back
    useAppStore.setState({ selectedCaseId: 'acme', view: 'case', detail: detail('submitted') })
    const gate = hold('cases:review', review())
    answers['cases:reviewFlow'] = undefined
    answers['cases:get'] = detail('accepted')
    answers['bundle:holder'] = null
    useAppStore.setState({ selectedRowKey: rowKey('scs-0101-v1', 'acme-cloud') })
    const accepting = useAppStore.getState().runReviewAction('accept', '')
    await gate.asked
    // the screen shows the case accepted, with the action's own notice, in one update
    expect(useAppStore.getState().detail?.case.status).toBe('accepted')
    expect(useAppStore.getState().notice).toMatchObject({
      kind: 'success',
      text: expect.stringContaining('accepted')
    })
    // the auditor presses a on the locked case before its review is back
    useAppStore.getState().startDecision('accept')
    expect(useAppStore.getState().notice?.text).toContain('Nothing can be decided: case acme was accepted')
    gate.release()
    expect(await accepting).toBe(true)
    expect(useAppStore.getState().notice).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('Nothing can be decided')
    })
  })

  it('an import’s counts and its end show together: the next drop is taken while the case reloads', async () => {
    useAppStore.setState({ selectedCaseId: 'acme', view: 'case', detail: detail() })
    answers['import:files'] = [{ file: 'a.yaml', ok: true, receipt: { file: 'a.yaml', sha256: 'x' } }]
    answers['bundle:holder'] = null
    const gate = hold('cases:review', review())
    const file = { name: 'a.yaml', arrayBuffer: async () => new ArrayBuffer(4) } as unknown as File
    const importing = useAppStore.getState().importFiles([file])
    await gate.asked
    expect(useAppStore.getState()).toMatchObject({
      importLabel: '1 of 1 file stored',
      importing: false
    })
    gate.release()
    await importing
  })

  it('an opened bundle’s outcome and the end of its work show with the case', async () => {
    useAppStore.setState({ selectedCaseId: 'acme', view: 'case', detail: detail() })
    answers['bundle:import'] = { caseId: 'acme', outcome: 'fast-forward', message: 'Bundle applied: 2 acts.' }
    answers['bundle:holder'] = null
    const gate = hold('cases:review', review())
    const file = { name: 'acme.awcase', arrayBuffer: async () => new ArrayBuffer(4) } as unknown as File
    const opening = useAppStore.getState().openBundle(file)
    await gate.asked
    expect(useAppStore.getState()).toMatchObject({
      busy: null,
      notice: { kind: 'success', text: 'Bundle applied: 2 acts.' }
    })
    // from then on the next long task may start; the bundle's end does not end it
    useAppStore.setState({ busy: 'Opening the demo case: importing its report and self-assessment…' })
    gate.release()
    await opening
    expect(useAppStore.getState().busy).toBe(
      'Opening the demo case: importing its report and self-assessment…'
    )
  })

  it('carried-forward decisions and their notice show together, before the round diff is back', async () => {
    useAppStore.setState({ selectedCaseId: 'acme', view: 'case', detail: detail() })
    answers['cases:carryForward'] = [{}, {}]
    const gate = hold('cases:roundDiff', null)
    const carrying = useAppStore.getState().carryForward()
    await gate.asked
    expect(useAppStore.getState().notice?.text).toBe(
      'Carried forward 2 accepted decision(s) of the earlier round.'
    )
    gate.release()
    expect(await carrying).toBe(true)
  })

  it('a decision being written stays open when the review reloads under it', async () => {
    useAppStore.setState({ selectedCaseId: 'acme', view: 'case', detail: detail(), review: review() })
    // a row without findings: the reload picks it again
    useAppStore.getState().selectRow(rowKey('scs-0103-v1', 'acme-cloud'))
    useAppStore.getState().startDecision('waive')
    await useAppStore.getState().loadReview()
    expect(useAppStore.getState().deciding).toBe('waive')
    // another row is another decision
    useAppStore.getState().selectRow(rowKey('scs-0101-v1', 'acme-cloud'))
    expect(useAppStore.getState().deciding).toBeNull()
  })

  it('of two register refreshes that end out of order, the newer one stays on screen', async () => {
    const overview = (message: string) => ({
      online: false,
      message,
      cases: [],
      certificates: [],
      settings: { url: 'https://register.test', queued: [] }
    })
    const gate = hold('register:overview', overview('older'))
    const older = useAppStore.getState().loadRegister()
    await gate.asked
    answers['register:overview'] = overview('newer')
    await useAppStore.getState().loadRegister()
    gate.release()
    await older
    expect(useAppStore.getState().register?.message).toBe('newer')
  })

  it('of two PDF checks that end out of order, the newer one is the result shown', async () => {
    const pdf = (name: string) => ({ name, arrayBuffer: async () => new ArrayBuffer(4) }) as unknown as File
    const gate = hold('verdict:verify', { file: 'first.pdf' })
    const first = useAppStore.getState().verifyPdf(pdf('first.pdf'))
    await gate.asked
    answers['verdict:verify'] = { file: 'second.pdf' }
    await useAppStore.getState().verifyPdf(pdf('second.pdf'))
    gate.release()
    await first
    expect(useAppStore.getState()).toMatchObject({ verifyCheck: { file: 'second.pdf' }, busy: null })
  })

  it('a load that fails for a case left behind raises nothing on the case now open', async () => {
    useAppStore.setState({ selectedCaseId: 'acme', view: 'case', detail: detail() })
    const gate = hold('cases:review', new Error('the workspace is locked'))
    const loading = useAppStore.getState().loadReview()
    await gate.asked
    useAppStore.setState({ selectedCaseId: 'other', reviewStatus: 'loading', notice: null })
    gate.release()
    await loading
    expect(useAppStore.getState()).toMatchObject({ notice: null, reviewStatus: 'loading' })
  })

  it('a register refresh overtaken by a newer one says nothing when it fails', async () => {
    const gate = hold('register:overview', new Error('the register timed out'))
    const older = useAppStore.getState().loadRegister()
    await gate.asked
    answers['register:overview'] = {
      online: true,
      message: 'Connected.',
      cases: [],
      certificates: [],
      settings: { url: 'https://register.test', queued: [] }
    }
    await useAppStore.getState().loadRegister()
    gate.release()
    await older
    expect(useAppStore.getState()).toMatchObject({ registerStatus: 'ready', notice: null })
  })

  it('a decision begun on another row while the last one was saved stays open', async () => {
    useAppStore.setState({ selectedCaseId: 'acme', view: 'case', detail: detail(), review: review() })
    useAppStore.getState().selectRow(rowKey('scs-0101-v1', 'acme-cloud'))
    useAppStore.getState().startDecision('reject')
    answers['decisions:record'] = (input: object) => ({
      ...input,
      id: 1,
      auditor: 'Ann',
      waiverExpires: null
    })
    const gate = hold('cases:review', review())
    const saving = useAppStore.getState().recordDecision({
      caseId: 'acme',
      criterion: 'scs-0101-v1',
      subject: 'acme-cloud',
      decision: 'reject',
      comment: 'no'
    })
    await gate.asked
    // j, then a: the next row, and a decision on it
    useAppStore.getState().selectRow(rowKey('scs-0102-v1', 'acme-cloud'))
    useAppStore.getState().startDecision('accept')
    gate.release()
    expect(await saving).toBe(true)
    expect(useAppStore.getState()).toMatchObject({
      selectedRowKey: rowKey('scs-0102-v1', 'acme-cloud'),
      deciding: 'accept'
    })
  })
})
