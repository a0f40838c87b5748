import { InputError } from '../../src/shared/format/input-error'

/** Awaits a promise that must reject with an InputError, and returns it. */
export async function rejection(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x
  )
  if (!(e instanceof InputError)) throw new Error(`expected an InputError, got ${String(e)}`)
  return e
}
