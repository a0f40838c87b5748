/**
 * One dispatcher for every transport: validate arguments, run the handler, wrap the Result envelope.
 * Errors map through the one mapper (errors.ts): a DomainError keeps its code, message and details; anything
 * else is logged and becomes a generic INTERNAL, so no face ever shows SQL text or a stack.
 */
import { fail, ok, type Result } from '../../shared/result'
import { isInvokeChannel, type InvokeChannel, type InvokeContract } from '../../shared/ipc/contract'
import { toFailure, type Logger } from '../errors'
import { quickArgs } from './quick-args'
export type { Logger } from '../errors'
import { LOCAL_ARG_CHECKS, type LocalChannel, type LocalContract, type LocalHandlers } from './local'

export type InvokeHandlers = {
  [C in InvokeChannel]: (
    ...args: Parameters<InvokeContract[C]>
  ) => ReturnType<InvokeContract[C]> | Promise<ReturnType<InvokeContract[C]>>
}

/** The first argument problem in plain words: "The request decisions:record was refused: caseId is empty." */
export function argumentProblem(
  channel: string,
  issue: { code: string; path: readonly PropertyKey[]; message: string; minimum?: unknown } | undefined
): string {
  if (!issue) return `The request ${channel} was refused: its arguments are not valid.`
  // the first path step is the argument's position; name the field inside it when there is one
  const names = issue.path.filter((p): p is string => typeof p === 'string')
  const what = names.length > 0 ? names.join('.') : 'an argument'
  const why =
    issue.code === 'too_small' && Number(issue.minimum) === 1
      ? 'is empty'
      : issue.code === 'too_small'
        ? 'is too short'
        : issue.code === 'too_big'
          ? 'is too long'
          : issue.code === 'invalid_type'
            ? 'is missing or of the wrong kind'
            : issue.code === 'invalid_value'
              ? 'is not one of the allowed values'
              : `is not valid (${issue.message})`
  return `The request ${channel} was refused: ${what} ${why}.`
}

export async function dispatch(
  handlers: InvokeHandlers,
  channel: string,
  rawArgs: unknown,
  log: Logger
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) return fail('NOT_FOUND', `Unknown channel: ${channel}`)
  let args = quickArgs(channel, rawArgs)
  if (!args) {
    // the schemas (and the schema library) load with the first call the quick check does not vouch for
    const { ARG_SCHEMAS } = await import('./args')
    const parsed = ARG_SCHEMAS[channel].safeParse(rawArgs)
    if (!parsed.success) return fail('USAGE', argumentProblem(channel, parsed.error.issues[0]))
    args = parsed.data as unknown[]
  }
  return run(handlers[channel] as (...args: unknown[]) => unknown, args, log, `IPC ${channel}`)
}

/** A channel only the CLI calls (local.ts), checked and mapped the same way as the contract's. */
export async function dispatchLocal<C extends LocalChannel>(
  handlers: Pick<LocalHandlers, C>,
  channel: C,
  rawArgs: Parameters<LocalContract[C]>,
  log: Logger
): Promise<Result<ReturnType<LocalContract[C]>>> {
  const problem = LOCAL_ARG_CHECKS[channel](rawArgs)
  if (problem) return fail('USAGE', `The request ${channel} was refused: ${problem}.`)
  return run(handlers[channel] as (...args: unknown[]) => ReturnType<LocalContract[C]>, rawArgs, log, channel)
}

async function run<T>(
  handler: (...args: unknown[]) => T | Promise<T>,
  args: readonly unknown[],
  log: Logger,
  context: string
): Promise<Result<T>> {
  try {
    return ok(await handler(...args))
  } catch (error) {
    return toFailure(error, log, context)
  }
}
