/**
 * Loading YAML from files we do not control.
 *
 * js-yaml is used because it is ~15x faster than `yaml` on large reports, but it has no alias limit:
 * an alias bomb loads as a small DAG that explodes when walked. So after loading we walk the result
 * once with hard limits (nodes visited, aliases reused, depth) before anything else touches it.
 * The CORE schema is used: no timestamps (dates stay the strings the file wrote), no `!!js/*` or
 * other custom tags, no merge keys. Duplicate keys are an error in js-yaml by default, and its maxDepth
 * option stops deep nesting while parsing.
 */
import yaml from 'js-yaml'
import { InputError, formatPath } from './input-error'

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

/** Loads every YAML document of a file (a report file may hold several). */
export function loadYamlDocuments(
  file: string,
  text: string,
  limits: InputLimits = DEFAULT_LIMITS
): unknown[] {
  let docs: unknown[]
  try {
    docs = yaml.loadAll(text, undefined, {
      schema: yaml.CORE_SCHEMA,
      filename: file,
      json: false,
      maxDepth: limits.maxDepth
    } as yaml.LoadOptions)
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
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
