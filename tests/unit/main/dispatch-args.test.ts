import { describe, expect, it } from 'vitest'
import { dispatch } from '../../../src/main/ipc/dispatch'
import type { InvokeHandlers } from '../../../src/main/ipc/dispatch'

const handlers = {} as InvokeHandlers
const decision = {
  caseId: 'c',
  criterion: 'scs-0101-v1',
  subject: '',
  decision: 'accept',
  comment: ''
}

describe('argument problems in plain words, not validator text', () => {
  it.each([
    [{ ...decision, caseId: '' }, 'The request decisions:record was refused: caseId is empty.'],
    [
      { ...decision, decision: 'maybe' },
      'The request decisions:record was refused: decision is not one of the allowed values.'
    ],
    [
      { ...decision, comment: 'x'.repeat(20_001) },
      'The request decisions:record was refused: comment is too long.'
    ],
    [
      { ...decision, subject: 7 },
      'The request decisions:record was refused: subject is missing or of the wrong kind.'
    ]
  ])('%j', async (input, message) => {
    const r = await dispatch(handlers, 'decisions:record', [input], () => undefined)
    expect(r).toEqual({ ok: false, error: { code: 'USAGE', message } })
    expect(JSON.stringify(r)).not.toMatch(/Bad arguments|Too small|expected string|>=/)
  })
})
