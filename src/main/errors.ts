import {
  fail,
  type AppErrorCode,
  type AppErrorData,
  type ImportErrorDetail,
  type Result
} from '../shared/result'
import { InputError } from '../shared/format/input-error'

/** An expected failure. Every face maps it to fail(code, message); anything else is INTERNAL. */
export class DomainError extends Error {
  override readonly name = 'DomainError'
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: ImportErrorDetail
  ) {
    super(message)
  }
}

export class DbFromFutureError extends DomainError {
  constructor(message: string) {
    super('DB_FROM_FUTURE', message)
  }
}

/**
 * The importer itself cannot work (its worker could not open the workspace file): no file's fault. An import
 * of many files stops with it, instead of refusing each file in turn.
 */
export class ImporterUnavailableError extends DomainError {
  constructor(why: string) {
    super('INTERNAL', `The importer could not open the workspace file: ${why}`)
  }
}

/**
 * The import worker died with this file in hand (out of memory on a hostile file, say). The file is refused
 * as unreadable: its transaction never committed, unless the worker died between its commit and its reply.
 */
export class WorkerDiedError extends InputError {
  constructor(file: string, why: string) {
    super(file, '(whole file)', `the file could not be read safely (${why})`)
  }
}

/**
 * THE error mapper: the envelope's error for an expected failure (a DomainError with its details, an
 * InputError as INPUT_REJECTED with file, place and reason), or null for anything else (a bug).
 */
export function expectedFailure(error: unknown): AppErrorData | null {
  if (error instanceof DomainError)
    return error.details
      ? { code: error.code, message: error.message, details: error.details }
      : { code: error.code, message: error.message }
  if (error instanceof InputError)
    return {
      code: 'INPUT_REJECTED',
      message: error.message,
      details: { file: error.file, place: error.place, reason: error.reason }
    }
  return null
}

export type Logger = (message: string, error?: unknown) => void

/** A failed Result for any error: an expected one says what; anything else is logged and becomes INTERNAL. */
export function toFailure(error: unknown, log: Logger, context: string): Result<never> {
  const expected = expectedFailure(error)
  if (expected) return { ok: false, error: expected }
  log(`${context} failed`, error)
  return fail('INTERNAL', 'Something went wrong. Details are in the log.')
}

/** The error again from its envelope (across a thread): expectedFailure of the result gives the same envelope. */
export function fromFailure(data: AppErrorData): DomainError | InputError {
  const d = data.details
  if (data.code === 'INPUT_REJECTED' && d && data.message === `${d.file}: ${d.place}: ${d.reason}`)
    return new InputError(d.file, d.place, d.reason)
  return new DomainError(data.code, data.message, d)
}
