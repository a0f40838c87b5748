/**
 * The limits safe-yaml.ts walks every loaded YAML (or JSON) document with, and the loading itself for a
 * given js-yaml: what loading YAML needs apart from binding the library, so that a caller can bind it late.
 */
import type yaml from 'js-yaml'
import { InputError, formatPath } from './input-error'
import { implicitTypesOf, readBlockYaml } from './block-yaml'

export interface InputLimits {
  /** nodes visited when the document is walked as a tree (aliases counted every time) */
  readonly maxNodes: number
  /** distinct objects referenced more than once (YAML aliases) */
  readonly maxAliases: number
  readonly maxDepth: number
}

export const DEFAULT_LIMITS: InputLimits = { maxNodes: 5_000_000, maxAliases: 1_000, maxDepth: 64 }

const FORBIDDEN_KEYS = new Set(['__proto__'])

/** Walks a parsed value within limits; throws InputError naming the place. */
export function checkTree(file: string, root: unknown, limits: InputLimits = DEFAULT_LIMITS): void {
  // An explicit stack (no recursion, so a deep document cannot overflow our own stack). Containers are
  // pushed with their parent's index and key; a path is only built when something is wrong.
  interface Frame {
    readonly value: object
    readonly parent: number
    readonly key: PropertyKey
    readonly depth: number
  }
  const frames: Frame[] = []
  const pathOf = (index: number, key?: PropertyKey): PropertyKey[] => {
    const path: PropertyKey[] = key === undefined ? [] : [key]
    for (let i = index; i > 0; i = frames[i]!.parent) path.unshift(frames[i]!.key)
    return path
  }
  if (root === null || typeof root !== 'object') return
  frames.push({ value: root, parent: -1, key: '', depth: 0 })
  const seen = new Set<object>()
  let nodes = 1
  let aliases = 0
  const pending: number[] = [0]
  while (pending.length > 0) {
    const index = pending.pop()!
    const { value, depth } = frames[index]!
    const visit = (child: unknown, key: PropertyKey): void => {
      nodes += 1
      if (nodes > limits.maxNodes) {
        throw new InputError(
          file,
          formatPath(pathOf(index, key)),
          `document expands to more than ${limits.maxNodes} nodes (alias bomb?)`
        )
      }
      if (child === null || typeof child !== 'object') return
      if (depth + 1 > limits.maxDepth) {
        throw new InputError(
          file,
          formatPath(pathOf(index, key).slice(0, 8)) + '…',
          `nesting is deeper than ${limits.maxDepth} levels`
        )
      }
      if (seen.has(child)) {
        aliases += 1
        if (aliases > limits.maxAliases)
          throw new InputError(file, formatPath(pathOf(index, key)), `more than ${limits.maxAliases} aliases`)
      } else seen.add(child)
      frames.push({ value: child, parent: index, key, depth: depth + 1 })
      pending.push(frames.length - 1)
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) visit(value[i], i)
    } else {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue
        if (FORBIDDEN_KEYS.has(key))
          throw new InputError(file, formatPath(pathOf(index, key)), `the key "${key}" is not allowed`)
        visit((value as Record<string, unknown>)[key], key)
      }
    }
  }
}

/** js-yaml: its ES module (safe-yaml.ts), or its CommonJS build where it must load only when used */
export type YamlLibrary = Pick<typeof yaml, 'loadAll' | 'CORE_SCHEMA' | 'YAMLException'>

/**
 * Loads every YAML document of a file (a report file may hold several) with the given js-yaml. The plain block
 * YAML that machines write (a compliance-check report) is read by block-yaml.ts instead, which gives the same
 * documents several times faster; everything else, and everything refused, is js-yaml's.
 */
export function readYamlDocuments(
  lib: YamlLibrary,
  file: string,
  text: string,
  limits: InputLimits = DEFAULT_LIMITS
): unknown[] {
  const implicit = implicitTypesOf(lib.CORE_SCHEMA)
  const fast = implicit && readBlockYaml(text, implicit, limits)
  // what the fast reader gives is within the limits the walk below checks (its depth, its nodes, no
  // aliases, no __proto__): it leaves anything else to js-yaml and the walk
  if (fast) return fast
  let docs: unknown[]
  try {
    docs = lib.loadAll(text, undefined, {
      schema: lib.CORE_SCHEMA,
      filename: file,
      json: false,
      maxDepth: limits.maxDepth
    } as yaml.LoadOptions)
  } catch (error) {
    if (error instanceof lib.YAMLException) {
      const mark = error.mark as { line?: number; column?: number } | undefined
      const place =
        mark && typeof mark.line === 'number'
          ? `line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}`
          : '(unknown place)'
      throw new InputError(file, place, `not valid YAML: ${error.reason}`)
    }
    if (error instanceof RangeError) throw new InputError(file, '(document)', 'nesting is too deep to read')
    throw error
  }
  const nonEmpty = docs.filter((d) => d !== null && d !== undefined)
  nonEmpty.forEach((doc) => checkTree(file, doc, limits))
  return nonEmpty
}
