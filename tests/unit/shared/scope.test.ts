import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import yaml from 'js-yaml'
import {
  parseScope,
  versionStatusAt,
  mainTestcases,
  criteriaByTestcase,
  scopeRevisionDate
} from '../../../src/shared/domain/scope'
import { InputError } from '../../../src/shared/format/input-error'
import { SHARED_FIXTURES } from '../../helpers/paths'

const load = (name: string): unknown =>
  yaml.load(readFileSync(join(SHARED_FIXTURES, 'real', name), 'utf8'), { schema: yaml.CORE_SCHEMA })

describe('parseScope on the real SCS scope files', () => {
  const iaas = parseScope('scs-compatible-iaas.yaml', load('scs-compatible-iaas.yaml'))
  const kaas = parseScope('scs-compatible-kaas.yaml', load('scs-compatible-kaas.yaml'))

  it('reads identity, versions and modules', () => {
    expect(iaas.uuid).toBe('50393e6f-2ae1-4c5c-a62c-3b75f2abef3f')
    expect(kaas.uuid).toBe('1fffebe6-fd4b-44d3-a36c-fc58b4bb0180')
    expect(iaas.versions.map((v) => v.version)).toEqual(expect.arrayContaining(['next', 'v5.1', 'v4', 'v3']))
    const v51 = iaas.versions.find((v) => v.version === 'v5.1')!
    expect(v51.criteria).toContain('scs-0104-v1-2')
    expect(v51.criteria).toContain('opc-v2022.11')
    expect(v51.parameters['scs-0104-v1-2']).toHaveProperty('image_spec')
    expect(v51.stabilizedAt).toBe('2024-12-19')
  })
  it('a module without a main target has no main testcases (checked manually)', () => {
    const opc = iaas.modules.find((m) => m.id === 'opc-v2022.11')!
    expect(opc.targets['main']).toBeUndefined()
    expect(kaas.modules.find((m) => m.id === 'scs-0214-v2-manual')!.targets['preview']).toEqual([
      'node-distribution-check'
    ])
  })
  it('collects main testcases of a version', () => {
    const mains = mainTestcases(iaas, 'v5.1')
    expect(mains).toContain('scs-0100-syntax-check')
    expect(mains).not.toContain('domain-manager-check')
    expect(mainTestcases(kaas, 'v1')).toEqual([
      'cncf-k8s-conformance',
      'version-policy-check',
      'kaas-networking-check'
    ])
  })
  it('maps testcases to the criteria that list them', () => {
    expect(criteriaByTestcase(iaas, 'v5.1').get('scs-0100-syntax-check')).toEqual(['scs-0100-v3.1'])
  })
  it('keeps lifetimes', () => {
    expect(kaas.testcases.find((t) => t.id === 'cncf-k8s-conformance')!.lifetime).toBe('year')
    expect(kaas.testcases.find((t) => t.id === 'version-policy-check')!.lifetime).toBeNull()
  })

  it.each([
    ['2025-01-15', 'v4', 'effective'],
    ['2025-03-01', 'v4', 'warn'],
    ['2025-08-01', 'v4', 'deprecated'],
    ['2026-11-25', 'v5.1', 'effective'],
    ['2026-11-25', 'next', 'draft'],
    ['2026-11-25', 'v4', 'deprecated'], // not named in the latest entry → deprecated
    ['2024-01-01', 'v5.1', 'deprecated'] // before any entry
  ] as const)('status at %s of %s is %s', (date, version, status) => {
    expect(versionStatusAt(iaas, version, date)).toBe(status)
  })
  it('reads a timeline written newest first (kaas) the same way', () => {
    expect(versionStatusAt(kaas, 'v1', '2024-06-01')).toBe('draft')
    expect(versionStatusAt(kaas, 'v1', '2024-11-26')).toBe('effective')
  })
  it('knows its revision date', () => {
    expect(scopeRevisionDate(iaas)).toBe('2026-06-11')
  })
})

describe('parseScope rejects broken scopes with a place', () => {
  const base = load('scs-compatible-kaas.yaml') as Record<string, unknown>
  it('a version including an undefined module', () => {
    const doc = structuredClone(base)
    ;(doc['versions'] as { include: string[] }[])[0]!.include.push('no-such-module')
    expect(() => parseScope('k.yaml', doc)).toThrow(InputError)
    try {
      parseScope('k.yaml', doc)
    } catch (e) {
      expect((e as InputError).place).toBe('versions[0].include[4]')
      expect((e as InputError).reason).toMatch(/no-such-module/)
    }
  })
  it('a missing uuid', () => {
    const doc = structuredClone(base)
    delete doc['uuid']
    expect(() => parseScope('k.yaml', doc)).toThrow(/uuid/)
  })
})
