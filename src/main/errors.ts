import type { AppErrorCode, ImportErrorDetail } from '../shared/result'

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
