/**
 * Validates a self-assessment against the published JSON Schema (resources/schemas/self-assessment.schema.json)
 * and reports the first problem as path + plain reason (`subjects[1].since: must be a date (YYYY-MM-DD)`).
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import schema from '../../../resources/schemas/self-assessment.schema.json' with { type: 'json' }
import { InputError, formatPath } from '../../shared/format/input-error'
import { checkFormatVersion, toSubmission, type Submission } from '../../shared/domain/submission'

let validate: ValidateFunction | null = null
function validator(): ValidateFunction {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true })
    addFormats(ajv, ['date', 'email'])
    validate = ajv.compile(schema)
  }
  return validate
}

function pathOf(e: ErrorObject): PropertyKey[] {
  const parts: PropertyKey[] = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  if (e.keyword === 'required') parts.push((e.params as { missingProperty: string }).missingProperty)
  return parts
}

function reasonOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'required':
      return 'is required'
    case 'type':
      return `must be ${p['type'] === 'integer' ? 'a whole number' : `a${/^[aeiou]/.test(String(p['type'])) ? 'n' : ''} ${String(p['type'])}`}`
    case 'enum':
      return `must be one of: ${(p['allowedValues'] as unknown[]).join(', ')}`
    case 'const':
      return `must be ${JSON.stringify(p['allowedValue'])}`
    case 'format':
      return p['format'] === 'date' ? 'must be a date (YYYY-MM-DD)' : `must be a valid ${String(p['format'])}`
    case 'minItems':
      return `must have at least ${String(p['limit'])} item(s)`
    case 'minLength':
      return 'must not be empty'
    case 'maxLength':
      return `is longer than ${String(p['limit'])} characters`
    case 'minimum':
      return `must be at least ${String(p['limit'])}`
    case 'maximum':
      // a count beyond 2^53 - 1 is no number exactly (and beyond 2^63 none SQLite stores)
      return `must be at most ${String(p['limit'])}`
    case 'pattern':
      if (e.instancePath.endsWith('/sha256')) return 'must be a SHA-256: 64 hexadecimal digits'
      return e.instancePath.endsWith('/ref')
        ? 'must be an http(s) URL or attachment:NAME'
        : 'contains characters that are not allowed'
    case 'propertyNames':
      return `has a key that is not allowed (${String(p['propertyName'])})`
    default:
      return e.message ?? 'is not valid'
  }
}

export function parseSubmission(file: string, value: unknown): Submission {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError(file, '(document root)', 'a self-assessment is a mapping')
  checkFormatVersion(file, value as Record<string, unknown>)
  const v = validator()
  if (!v(value)) {
    const e = v.errors![0]!
    const path = pathOf(e)
    // a propertyNames failure points at the object; name the offending key
    if (e.keyword === 'propertyNames' && (e.params as { propertyName?: string }).propertyName)
      path.push((e.params as { propertyName: string }).propertyName)
    throw new InputError(file, formatPath(path), reasonOf(e))
  }
  return toSubmission(file, value as Record<string, unknown>)
}
