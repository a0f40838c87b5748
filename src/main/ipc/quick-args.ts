/**
 * The arguments of the reads a CLI call or a screen makes most (no argument, a case id, a case id and a
 * date), and of the CLI's imports (a case id and files), checked without the schema library, so that such a call does not load it (about 100 ms of a CLI
 * start). A check here accepts only arguments the channel's schema in args.ts surely accepts as they are;
 * anything else goes to that schema, which gives the same result and the same errors as always.
 * tests/unit/main/quick-args.test.ts holds the two to each other.
 */
import type { InvokeChannel } from '../../shared/ipc/contract'
import { isIsoDate } from '../../shared/dates'
import { MAX_DOCUMENTS_PER_CALL, MAX_FILES_PER_CALL } from '../../shared/ipc/upload'

type Check = (args: readonly unknown[]) => boolean

const isId = (v: unknown): boolean => typeof v === 'string' && v.length >= 1 && v.length <= 200
const isDate = (v: unknown): boolean => typeof v === 'string' && isIsoDate(v)

const none: Check = (a) => a.length === 0
const id: Check = (a) => a.length === 1 && isId(a[0])
const idAndDate: Check = (a) => id(a) || (a.length === 2 && isId(a[0]) && isDate(a[1]))

/**
 * an array of uploaded files exactly as the schema keeps them: {name, base64} and no other key; with
 * `bytes`, also {name, bytes} with bytes a Uint8Array (the CLI's import passes the bytes it read)
 */
const files =
  (max: number, maxBase64: number, bytes = false) =>
  (v: unknown): boolean =>
    Array.isArray(v) &&
    v.length >= 1 &&
    v.length <= max &&
    v.every(
      (f: unknown) =>
        typeof f === 'object' &&
        f !== null &&
        Object.getPrototypeOf(f) === Object.prototype &&
        Object.keys(f).length === 2 &&
        typeof (f as { name?: unknown }).name === 'string' &&
        (f as { name: string }).name.length >= 1 &&
        (f as { name: string }).name.length <= 500 &&
        ((typeof (f as { base64?: unknown }).base64 === 'string' &&
          (f as { base64: string }).base64.length <= maxBase64) ||
          (bytes && (f as { bytes?: unknown }).bytes instanceof Uint8Array))
    )
/** the CLI's import and evidence add: a case id and files (import: and a batch id) */
const importFiles: Check = (a) =>
  (a.length === 2 || (a.length === 3 && typeof a[2] === 'string' && a[2].length <= 100)) &&
  isId(a[0]) &&
  files(MAX_FILES_PER_CALL, Number.MAX_SAFE_INTEGER, true)(a[1])
const attachFiles: Check = (a) =>
  a.length === 2 && isId(a[0]) && files(MAX_DOCUMENTS_PER_CALL, 140_000_000)(a[1])

export const QUICK_ARGS: Partial<Record<InvokeChannel, Check>> = {
  'import:files': importFiles,
  'documents:attach': attachFiles,
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
