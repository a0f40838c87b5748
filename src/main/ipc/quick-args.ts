/**
 * The arguments of the reads a CLI call or a screen makes most (no argument, a case id, a case id and a
 * date), checked without the schema library, so that such a call does not load it (about 100 ms of a CLI
 * start). A check here accepts only arguments the channel's schema in args.ts surely accepts as they are;
 * anything else goes to that schema, which gives the same result and the same errors as always.
 * tests/unit/main/quick-args.test.ts holds the two to each other.
 */
import type { InvokeChannel } from '../../shared/ipc/contract'
import { isIsoDate } from '../../shared/dates'

type Check = (args: readonly unknown[]) => boolean

const isId = (v: unknown): boolean => typeof v === 'string' && v.length >= 1 && v.length <= 200
const isDate = (v: unknown): boolean => typeof v === 'string' && isIsoDate(v)

const none: Check = (a) => a.length === 0
const id: Check = (a) => a.length === 1 && isId(a[0])
const idAndDate: Check = (a) => id(a) || (a.length === 2 && isId(a[0]) && isDate(a[1]))

export const QUICK_ARGS: Partial<Record<InvokeChannel, Check>> = {
  'app:info': none,
  'schemes:list': none,
  'cases:list': none,
  'schemes:get': id,
  'cases:audit': id,
  'audit:verify': id,
  'cases:exportTemplate': id,
  'cases:roundDiff': id,
  'cases:get': idAndDate,
  'cases:results': idAndDate,
  'cases:review': idAndDate,
  'cases:verdict': idAndDate
}

/** The arguments as they are when the quick check vouches for them, else null (validate with args.ts). */
export function quickArgs(channel: InvokeChannel, raw: unknown): unknown[] | null {
  const check = QUICK_ARGS[channel]
  return check && Array.isArray(raw) && check(raw) ? raw : null
}
