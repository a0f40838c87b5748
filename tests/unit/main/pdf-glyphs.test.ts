/**
 * Every character the verdict document can render has a glyph in the shipped fonts (resources/fonts): the
 * labels of both languages, the symbols the layout uses, and every text of realistic verdicts, including
 * German umlauts in applicant data.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { openSync } from 'fontkit'
import { allLabelStrings, labelDictionaryStrings } from '../../../src/main/pdf/i18n'
import { createTestWorkspace } from '../../helpers/workspace'
import { FIXTURES, RESOURCES } from '../../helpers/paths'

const FONTS = join(RESOURCES, 'fonts')
const font = (f: string) => ({ name: f, font: openSync(join(FONTS, f)) })
const SANS = [
  'DejaVuSansCondensed.ttf',
  'DejaVuSansCondensed-Bold.ttf',
  'DejaVuSansCondensed-Oblique.ttf'
].map(font)
const SERIF = ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf'].map(font)
const MONO = [font('DejaVuSansMono.ttf')]
/** symbols the layout itself writes */
const LAYOUT = '·—✓✗→≥≤…"„“”’'

const strings = (v: unknown): string[] =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.flatMap(strings)
      : v && typeof v === 'object'
        ? Object.values(v).flatMap(strings)
        : []

function missing(texts: readonly string[], fonts: ReturnType<typeof font>[]): string[] {
  const out = new Set<string>()
  for (const s of texts)
    for (const ch of s) {
      if (/\s/.test(ch)) continue
      for (const f of fonts)
        if (!f.font.hasGlyphForCodePoint(ch.codePointAt(0)!))
          out.add(`${f.name}: U+${ch.codePointAt(0)!.toString(16).toUpperCase()} "${ch}"`)
    }
  return [...out]
}

describe('glyph coverage of the shipped fonts', () => {
  it('covers every label (EN and DE) and layout symbol, in the sans and the serif faces', () => {
    const labels = [...allLabelStrings(), LAYOUT]
    expect(labels.join('')).toMatch(/[äöüÄÖÜß]/)
    expect(missing(labels, SANS)).toEqual([])
    expect(missing(labelDictionaryStrings(), SERIF)).toEqual([])
  })

  it('covers every text of realistic verdicts (the fixture cases), including umlauts in applicant data', async () => {
    const ws = createTestWorkspace()
    ws.createCase({ id: 'i', schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
    ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    for (const [id, dir] of [
      ['i', 'integrator'],
      ['c', 'inconsistent']
    ] as const)
      for (const f of readdirSync(join(FIXTURES, 'cases', dir)).filter((x) => x !== 'other-application.yaml'))
        await ws.importOne(id, { name: f, bytes: readFileSync(join(FIXTURES, 'cases', dir, f)) })
    const texts = ['i', 'c'].flatMap((id) => strings(ws.verdict(id, '2026-11-20')))
    expect(texts.join('')).toMatch(/Kühl|Klinikverbund/)
    expect(missing(texts, SANS)).toEqual([])
    const verdict = ws.verdict('i', '2026-11-20')
    expect(missing([verdict.schemeName, verdict.applicant!.name, verdict.outcomeName], SERIF)).toEqual([])
    expect(missing([verdict.audit.head, 'AW-0123456789abcdef'], MONO)).toEqual([])
    ws.close()
  })

  it('the test can fail: a glyph DejaVu lacks is reported', () => {
    expect(missing(['漢'], SANS)).toHaveLength(SANS.length)
  })
})
