/** The shipped scheme rule files (`resources/schemes/*.rules.yaml`), read as the app reads them. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseRules, type PointsRules, type SchemeRules } from '../../src/shared/domain/rules'
import { loadYamlDocuments } from '../../src/shared/format/safe-yaml'
import { RESOURCES } from './paths'

export const shippedRules = (file: string): SchemeRules =>
  parseRules(file, loadYamlDocuments(file, readFileSync(join(RESOURCES, 'schemes', file), 'utf8'))[0])

export function shippedPointsRules(file: string): PointsRules {
  const r = shippedRules(file)
  if (r.model !== 'points') throw new Error(`${file} is not a points scheme`)
  return r
}
