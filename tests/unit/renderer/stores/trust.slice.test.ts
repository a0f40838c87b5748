import { beforeEach, describe, expect, it, vi } from 'vitest'
import { stubApi } from '../fixtures'
import type { InvokeChannel, TrustListView } from '../../../../src/shared/ipc/contract'

const answers: Partial<Record<InvokeChannel, unknown>> = {}
const { invoke, api } = stubApi(answers)
vi.stubGlobal('window', { api })
const { useAppStore } = await import('../../../../src/renderer/src/stores')

const list = (n: number): TrustListView =>
  ({ path: '/w/trusted-bodies.pem', entries: Array(n).fill({}) }) as never

beforeEach(() => {
  invoke.mockClear()
  useAppStore.setState(useAppStore.getInitialState(), true)
})

describe('the trust list goes through the store', () => {
  it('loads, adds and removes, keeping what main answers', async () => {
    answers['trust:list'] = list(1)
    await useAppStore.getState().loadTrustList()
    expect(useAppStore.getState().trustList).toEqual(list(1))
    answers['trust:add'] = list(2)
    expect(await useAppStore.getState().addTrust('-----BEGIN CERTIFICATE-----')).toBe(true)
    expect(invoke).toHaveBeenCalledWith('trust:add', '-----BEGIN CERTIFICATE-----')
    answers['trust:remove'] = list(0)
    expect(await useAppStore.getState().removeTrust('AB:CD')).toBe(true)
    expect(useAppStore.getState().trustList).toEqual(list(0))
  })
  it('a refused certificate leaves the list as it was and says why', async () => {
    useAppStore.setState({ trustList: list(1) })
    answers['trust:add'] = new Error('not a certificate')
    expect(await useAppStore.getState().addTrust('junk')).toBe(false)
    expect(useAppStore.getState().trustList).toEqual(list(1))
    expect(useAppStore.getState().notice).toMatchObject({ kind: 'error', text: 'not a certificate' })
  })
})
