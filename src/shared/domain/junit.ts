/**
 * JUnit XML, for other codified checks: <testsuites>/<testsuite>/<testcase> with <failure>, <error>
 * and <skipped>. A passed testcase counts as PASS, a failure as FAIL, an error as ABORT (it did not
 * finish); a skipped testcase has no result (it is MISSING) and is counted on the receipt.
 *
 * Untrusted XML: DOCTYPE and entity declarations are refused outright (no entity bombs, no external
 * entities), entity processing is off, and nesting is capped.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { ResultValue } from './types'
import { InputError } from '../format/input-error'
import { checkId } from './submission'

export const MAX_XML_DEPTH = 64

export interface JunitCase {
  readonly id: string
  readonly value: ResultValue
  readonly durationSeconds: number | null
  readonly message: string | null
}

export interface JunitRun {
  readonly subject: string | null
  readonly timestamp: string | null
  /** every suite's timestamp, with the suite's index (each is checked against the import time) */
  readonly timestamps: readonly { readonly suite: number; readonly value: string }[]
  readonly suites: number
  readonly cases: readonly JunitCase[]
  readonly skipped: readonly string[]
  readonly duplicates: readonly string[]
}

type Node = Record<string, unknown>
const asArray = (v: unknown): Node[] =>
  Array.isArray(v) ? (v as Node[]) : v === undefined || v === null || v === '' ? [] : [v as Node]
const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length

function firstText(v: unknown): string | null {
  const n = asArray(v)[0] as unknown
  if (n === undefined) return null
  if (typeof n === 'string') return n
  const node = n as Node
  const msg = node['message'] ?? node['#text']
  return typeof msg === 'string' ? msg : ''
}

export function parseJunit(file: string, text: string): JunitRun {
  const doctype = /<!(DOCTYPE|ENTITY)/i.exec(text)
  if (doctype)
    throw new InputError(
      file,
      `line ${lineOf(text, doctype.index)}`,
      'DOCTYPE and ENTITY declarations are not allowed in JUnit XML (entity expansion is refused)'
    )
  const valid = XMLValidator.validate(text)
  if (valid !== true)
    throw new InputError(
      file,
      `line ${valid.err.line}, column ${valid.err.col}`,
      `not well-formed XML: ${valid.err.msg}`
    )
  let doc: Node
  try {
    doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      processEntities: false,
      htmlEntities: false,
      maxNestedTags: MAX_XML_DEPTH,
      parseTagValue: false,
      parseAttributeValue: false,
      isArray: (name) => ['testsuite', 'testcase', 'property', 'failure', 'error', 'skipped'].includes(name)
    }).parse(text) as Node
  } catch (error) {
    throw new InputError(file, '(document)', `the XML cannot be read: ${(error as Error).message}`)
  }
  const root: Node | undefined =
    'testsuites' in doc
      ? typeof doc['testsuites'] === 'object' && doc['testsuites']
        ? (doc['testsuites'] as Node)
        : {}
      : 'testsuite' in doc
        ? { testsuite: doc['testsuite'] }
        : undefined
  if (!root)
    throw new InputError(
      file,
      '(document root)',
      'not JUnit XML: expected <testsuites> or <testsuite> as the root element'
    )
  const suites: Node[] = []
  const collect = (node: Node, depth: number): void => {
    for (const s of asArray(node['testsuite'])) {
      suites.push(s)
      if (depth < MAX_XML_DEPTH) collect(s, depth + 1) // nested suites
    }
  }
  collect(root, 0)
  const cases = new Map<string, JunitCase>()
  const skipped: string[] = []
  const duplicates = new Set<string>()
  let subject: string | null = null
  let timestamp: string | null = null
  const timestamps: { suite: number; value: string }[] = []
  const rank: Record<ResultValue, number> = { [-1]: 0, 0: 1, 1: 2 }
  suites.forEach((suite, si) => {
    // every subject a suite names follows the id rule, not only the one that is used
    for (const p of asArray((suite['properties'] as Node | undefined)?.['property'])) {
      if (p['name'] === 'subject' && typeof p['value'] === 'string') {
        checkId(file, `testsuite[${si}] property "subject"`, p['value'])
        subject ??= p['value']
      }
    }
    if (typeof suite['hostname'] === 'string' && suite['hostname']) {
      checkId(file, `testsuite[${si}] hostname`, suite['hostname'], 'hostname')
      subject ??= suite['hostname']
    }
    if (typeof suite['timestamp'] === 'string') {
      timestamp ??= suite['timestamp']
      timestamps.push({ suite: si, value: suite['timestamp'] })
    }
    asArray(suite['testcase']).forEach((tc, ci) => {
      const name = typeof tc['name'] === 'string' ? tc['name'] : ''
      if (!name) throw new InputError(file, `testsuite[${si}].testcase[${ci}]`, 'a testcase has no name')
      const classname = typeof tc['classname'] === 'string' && tc['classname'] ? tc['classname'] : ''
      const id = classname ? `${classname}.${name}` : name
      if (asArray(tc['skipped']).length) {
        skipped.push(id)
        return
      }
      const value: ResultValue = asArray(tc['failure']).length ? -1 : asArray(tc['error']).length ? 0 : 1
      const time = Number(tc['time'])
      const c: JunitCase = {
        id,
        value,
        durationSeconds: Number.isFinite(time) ? time : null,
        message: value === -1 ? firstText(tc['failure']) : value === 0 ? firstText(tc['error']) : null
      }
      const prev = cases.get(id)
      if (prev) {
        duplicates.add(id)
        if (rank[prev.value] <= rank[value]) return
      }
      cases.set(id, c)
    })
  })
  if (suites.length === 0) throw new InputError(file, '(document root)', 'no <testsuite> found')
  return {
    subject,
    timestamp,
    timestamps,
    suites: suites.length,
    cases: [...cases.values()],
    skipped,
    duplicates: [...duplicates]
  }
}
