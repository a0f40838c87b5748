import { beforeEach, describe, expect, it, vi } from 'vitest'
import { stubApi } from '../fixtures'
import type { InvokeChannel } from '../../../../src/shared/ipc/contract'

const answers: Partial<Record<InvokeChannel, unknown>> = {}
const { invoke, api } = stubApi(answers)
vi.stubGlobal('window', { api })
const { useAppStore } = await import('../../../../src/renderer/src/stores')

const file = { name: 'scs-compatible-iaas.yaml', base64: 'eA==' }
const result = (applied: boolean) => ({ file: file.name, applied, outcome: 'updated', changes: [] })

beforeEach(() => {
  invoke.mockClear()
  useAppStore.setState(useAppStore.getInitialState(), true)
})

describe('a scheme update goes through the store', () => {
  it('previews, then imports with the reason a stable version needs, and reloads the schemes', async () => {
    answers['schemes:preview'] = result(false)
    await useAppStore.getState().previewScheme(file)
    expect(useAppStore.getState().schemePreview).toMatchObject({ applied: false })
    answers['schemes:import'] = result(true)
    answers['schemes:list'] = []
    await useAppStore.getState().importScheme(file, 'the body asked for it')
    expect(invoke).toHaveBeenCalledWith('schemes:import', file, { reason: 'the body asked for it' })
    expect(invoke).toHaveBeenCalledWith('schemes:list')
    expect(useAppStore.getState().schemePreview).toMatchObject({ applied: true })
  })
  it('without a stable version, no reason is sent', async () => {
    answers['schemes:import'] = result(true)
    answers['schemes:list'] = []
    await useAppStore.getState().importScheme(file, null)
    expect(invoke).toHaveBeenCalledWith('schemes:import', file)
  })
  it('a file that is no scheme: no preview, and the notice says why', async () => {
    useAppStore.setState({ schemePreview: result(false) as never })
    answers['schemes:preview'] = new Error('not a scope file')
    await useAppStore.getState().previewScheme(file)
    expect(useAppStore.getState().schemePreview).toBeNull()
    expect(useAppStore.getState().notice).toMatchObject({ text: 'not a scope file' })
  })
})
