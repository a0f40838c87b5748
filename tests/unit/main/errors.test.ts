/**
 * The one error mapper (issue 11 §3): every face, the import service and the import worker turn an error into
 * the envelope's error with expectedFailure/toFailure; details survive, and an error rebuilt from its envelope
 * on the other side of a thread maps to the same envelope.
 */
import { describe, expect, it, vi } from 'vitest'
import {
  DomainError,
  expectedFailure,
  fromFailure,
  toFailure,
  WorkerDiedError
} from '../../../src/main/errors'
import { InputError } from '../../../src/shared/format/input-error'

const details = { file: 'r.yaml', place: 'run.uuid', reason: 'already imported into case b' }

describe('the error mapper', () => {
  it('keeps a DomainError’s code, message and details', () => {
    expect(expectedFailure(new DomainError('CONFLICT', 'held', details))).toEqual({
      code: 'CONFLICT',
      message: 'held',
      details
    })
    expect(expectedFailure(new DomainError('NOT_FOUND', 'No case "x".'))).toEqual({
      code: 'NOT_FOUND',
      message: 'No case "x".'
    })
  })

  it('maps an InputError to INPUT_REJECTED with its file, place and reason', () => {
    expect(expectedFailure(new InputError('r.yaml', 'run.uuid', 'already imported into case b'))).toEqual({
      code: 'INPUT_REJECTED',
      message: 'r.yaml: run.uuid: already imported into case b',
      details
    })
  })

  it('a WorkerDiedError is a typed refusal of the whole file', () => {
    const e = new WorkerDiedError('big.yaml', 'out of memory')
    expect(e).toBeInstanceOf(InputError)
    expect(expectedFailure(e)).toEqual({
      code: 'INPUT_REJECTED',
      message: 'big.yaml: (whole file): the file could not be read safely (out of memory)',
      details: {
        file: 'big.yaml',
        place: '(whole file)',
        reason: 'the file could not be read safely (out of memory)'
      }
    })
  })

  it('anything else is not expected: toFailure logs it and answers INTERNAL without its text', () => {
    const log = vi.fn()
    expect(expectedFailure(new Error('SQLITE_CORRUPT: secret table'))).toBeNull()
    expect(toFailure(new Error('SQLITE_CORRUPT: secret table'), log, 'CLI')).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong. Details are in the log.' }
    })
    expect(log).toHaveBeenCalledWith('CLI failed', expect.any(Error))
  })

  it.each([
    ['a DomainError with details', new DomainError('CONFLICT', 'held', details), DomainError],
    ['a DomainError', new DomainError('USAGE', 'no'), DomainError],
    ['an InputError', new InputError('r.yaml', 'line 4, column 2', 'bad'), InputError],
    ['an INPUT_REJECTED DomainError', new DomainError('INPUT_REJECTED', 'other words', details), DomainError]
  ])('%s crosses a thread (structured clone) and maps to the same envelope', (_name, error, type) => {
    const sent = structuredClone(expectedFailure(error)!)
    const rebuilt = fromFailure(sent)
    expect(rebuilt).toBeInstanceOf(type)
    expect(expectedFailure(rebuilt)).toEqual(expectedFailure(error))
  })
})
