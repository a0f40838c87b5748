import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RESOURCES } from '../../helpers/paths'
import { ID_PATTERN, idProblem } from '../../../src/shared/domain/submission'
import { confusableGroups, skeleton, visible } from '../../../src/shared/domain/confusables'
import { diffSchemes } from '../../../src/shared/domain/scheme-diff'
import type { ScopeDef } from '../../../src/shared/domain/types'

describe('one id rule for subjects', () => {
  it('the self-assessment JSON Schema uses the same pattern as ID_PATTERN', () => {
    const schema = JSON.parse(
      readFileSync(join(RESOURCES, 'schemas/self-assessment.schema.json'), 'utf8')
    ) as {
      $defs: { id: { pattern: string } }
    }
    expect(schema.$defs.id.pattern).toBe(ID_PATTERN.source)
  })
  it('accepts real subject names and refuses look-alikes with the character named', () => {
    for (const ok of [
      'demo-cloud',
      'gx-scs',
      'pco-prod3',
      'cloud.example.com',
      'b3f6c1d8e0a94f0b9a1c2d3e4f506172'
    ])
      expect(idProblem(ok)).toBeNull()
    expect(idProblem('')).toBe('is empty')
    expect(idProblem('-demo')).toMatch(/U\+002D "-" at character 1/)
    expect(idProblem('demo\u2066-cloud')).toMatch(/bidirectional/)
    expect(idProblem('demo\u00ad-cloud')).toMatch(/invisible format character/)
    expect(idProblem('dem\u03bf-cloud')).toMatch(/Greek/)
  })
})

describe('look-alike subjects (TR39-style skeleton)', () => {
  it.each([
    ['demo-cloud', 'dem\u043e-cloud'], // Cyrillic о
    ['demo-cloud', 'dem\u03bf-cloud'], // Greek ο
    ['demo-cloud', 'demo\u200b-cloud'], // zero-width space
    ['demo-cloud', '\u202edemo-cloud'], // RTL override
    ['demo-cloud', 'dem0-cloud'],
    ['demo-cloud', 'Demo-Cloud'],
    ['cloud-1', 'cloud-l'],
    ['modern', 'rnodern'],
    ['demo-cloud', 'ｄｅｍｏ-cloud'] // fullwidth
  ])('%j and %j share a skeleton', (a, b) => {
    expect(skeleton(a)).toBe(skeleton(b))
    expect(confusableGroups([a, b])).toEqual([[a, b].sort()])
  })
  it('different clouds stay apart', () => {
    expect(confusableGroups(['demo-cloud', 'demo-cloud-2', 'prod-cloud', 'demo-cloud'])).toEqual([])
  })
  it('shows invisible and non-ASCII characters', () => {
    expect(visible('dem\u043e\u200b')).toBe('dem\\u{43E}\\u{200B}')
  })
})

describe('scheme diff', () => {
  const scope = (
    mainIds: string[],
    preview: string[] = [],
    stabilizedAt: string | null = '2024-12-19'
  ): ScopeDef => ({
    name: 'S',
    uuid: 'u',
    url: '',
    variables: [],
    testcases: [...mainIds, ...preview].map((id) => ({
      id,
      description: '',
      url: '',
      lifetime: null,
      section: null
    })),
    modules: [
      {
        id: 'm',
        name: 'm',
        url: '',
        targets: { main: mainIds, ...(preview.length ? { preview } : {}) },
        parameters: {}
      }
    ],
    versions: [{ version: 'v1', stabilizedAt, criteria: ['m'], parameters: {} }],
    timeline: [{ date: '2024-12-19', versions: { v1: 'effective' } }]
  })
  it('a testcase moved out of main in a stable version is a stable change', () => {
    expect(diffSchemes(scope(['a', 'b']), scope(['b'], ['a']), '2026-11-24')).toEqual([
      { version: 'v1', text: 'v1: a moves from main to preview in module m', stable: true }
    ])
  })
  it('the same change to a version not yet stable is not', () => {
    expect(diffSchemes(scope(['a', 'b'], [], null), scope(['b'], ['a'], null), '2026-11-24')[0]!.stable).toBe(
      false
    )
  })
  it('rewriting a past timeline entry is a stable change; adding a future one is not', () => {
    const s = scope(['a'])
    const past = { ...s, timeline: [{ date: '2024-12-19', versions: { v1: 'deprecated' as const } }] }
    expect(diffSchemes(s, past, '2026-11-24')[0]).toMatchObject({ version: null, stable: true })
    const future = {
      ...s,
      timeline: [...s.timeline, { date: '2027-01-01', versions: { v1: 'warn' as const } }]
    }
    expect(diffSchemes(s, future, '2026-11-24')).toEqual([
      { version: null, text: 'timeline entry 2027-01-01 added: {"v1":"warn"}', stable: false }
    ])
  })
})
