import type { z } from 'zod'
import { InputError, formatPath } from './input-error'

/** Turns the first zod issue into an InputError naming the path and the reason. */
export function zodToInputError(
  file: string,
  error: z.ZodError,
  prefix: readonly PropertyKey[] = []
): InputError {
  const issue = error.issues[0]
  if (!issue) return new InputError(file, formatPath(prefix), 'invalid document')
  const more =
    error.issues.length > 1
      ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})`
      : ''
  return new InputError(file, formatPath([...prefix, ...issue.path]), issue.message + more)
}
