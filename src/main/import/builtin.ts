/** Synchronous parsing of the app's own resources (trusted files, read at start-up). */
import { loadYamlDocuments } from '../../shared/format/safe-yaml'
import { parseScope } from '../../shared/domain/scope'
import { parseGuideline, type ParsedGuideline } from '../../shared/domain/opc'
import type { ScopeDef } from '../../shared/domain/types'

export function parseBuiltin(
  file: string,
  bytes: Uint8Array
): { kind: 'scs-scope'; scope: ScopeDef } | { kind: 'interop-guideline'; guideline: ParsedGuideline } {
  const text = new TextDecoder().decode(bytes)
  if (file.endsWith('.json'))
    return { kind: 'interop-guideline', guideline: parseGuideline(file, JSON.parse(text)) }
  return { kind: 'scs-scope', scope: parseScope(file, loadYamlDocuments(file, text)[0]) }
}
