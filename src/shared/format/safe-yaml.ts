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
import { DEFAULT_LIMITS, readYamlDocuments, type InputLimits } from './yaml-limits'

export { checkTree, DEFAULT_LIMITS, type InputLimits } from './yaml-limits'

/** Loads every YAML document of a file (a report file may hold several). */
export function loadYamlDocuments(
  file: string,
  text: string,
  limits: InputLimits = DEFAULT_LIMITS
): unknown[] {
  return readYamlDocuments(yaml, file, text, limits)
}
