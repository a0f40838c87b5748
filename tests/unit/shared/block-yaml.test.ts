import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import yaml from 'js-yaml'
import { implicitTypesOf, readBlockYaml } from '../../../src/shared/format/block-yaml'
import { loadYamlDocuments } from '../../../src/shared/format/safe-yaml'
import { InputError } from '../../../src/shared/format/input-error'
import { generateReport } from '../../helpers/generate-report'

/**
 * block-yaml.ts reads the plain block YAML of compliance-check reports instead of js-yaml. Whatever it reads,
 * it must read exactly as js-yaml does, and whatever js-yaml refuses it must leave to js-yaml.
 */
const implicit = implicitTypesOf(yaml.CORE_SCHEMA)!
const fast = (text: string): unknown[] | null => readBlockYaml(text, implicit)
const jsYaml = (text: string): unknown[] => yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA })

/** the first difference between two values, or null: types, -0, key order and prototypes count */
function difference(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a !== typeof b) return `${path}: ${typeof a} against ${typeof b}`
  if (a === null || b === null || typeof a !== 'object')
    return Object.is(a, b) ? null : `${path}: ${JSON.stringify(a)} against ${JSON.stringify(b)}`
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: another prototype`
  const ka = Object.keys(a)
  const kb = Object.keys(b as object)
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i]))
    return `${path}: keys ${JSON.stringify(ka)} against ${JSON.stringify(kb)}`
  for (const k of ka) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`)
    if (d) return d
  }
  return null
}

/** the fast reader's documents for `text`, checked against js-yaml's; null where it leaves `text` to js-yaml */
function compared(text: string): unknown[] | null {
  const mine = fast(text)
  if (mine === null) return null
  let theirs: unknown[]
  try {
    theirs = jsYaml(text)
  } catch (error) {
    throw new Error(`read a text js-yaml refuses:\n${JSON.stringify(text)}`, { cause: error })
  }
  const d = difference(mine, theirs)
  if (d) throw new Error(`read differently from js-yaml at ${d}:\n${JSON.stringify(text)}`)
  return mine
}

/** a report in PyYAML's form, with every construct the reader takes */
const SAMPLE = [
  'spec:',
  '  uuid: 50393e6f-2ae1-4c5c-a62c-3b75f2abef3f',
  '  name: SCS-compatible IaaS',
  '  url: https://example.org/Tests/scs-compatible-iaas.yaml',
  'checked_at: 2026-11-17 08:12:44.120533',
  'reference_date: 2026-11-17',
  'subject: demo-cloud',
  'run:',
  '  uuid: 877f77b2-2c5c-6316-f266-f24a7a44668e',
  '  argv:',
  '  - ./scs-compliance-check.py',
  '  - -s',
  '  - os_cloud=demo-cloud',
  '  assignment:',
  '    os_cloud: demo-cloud',
  '  sections: null',
  '  forced_version: ~',
  '  forced_tests: []',
  '  empty: {}',
  '  invocations:',
  '    d66887a3-a556-1782-152b-f8818ec8d8bc:',
  '      id: d66887a3-a556-1782-152b-f8818ec8d8bc',
  '      cmd: ./iaas/openstack_test.py -c demo-cloud scs-0100-semantics-check scs-0100-syntax-check',
  '        scs-0101-entropy-avail scs-0101-fips-test',
  '      results:',
  '        scs-0100-semantics-check: 1',
  '        scs-0100-syntax-check: -1',
  '        scs-0101-entropy-avail: 0',
  '        scs-0101-fips-test: 0x1F',
  '      rc: 0',
  '      stdout:',
  "      - 'scs-0100-semantics-check: PASS'",
  "      - 'it''s a long line that PyYAML folds at eighty",
  "        columns'",
  '      - "\\e[1mbold\\e[0m caf\\u00e9 \\x41\\t\\U0001F600 \\"q\\" \\\\"',
  '      - plain text, with a comma',
  '      stderr: []',
  '      info: .inf',
  '      warning: 1.5',
  '      error: true',
  '      critical: 0',
  '---',
  'spec:',
  '  uuid: 1fffebe6-fd4b-44d3-a36c-fc58b4bb0180',
  'subject: second',
  'run: {}',
  ''
].join('\n')

describe('the fast reader of plain block YAML', () => {
  it('reads a report with every construct of its form exactly as js-yaml does', () => {
    const docs = compared(SAMPLE)
    expect(docs).not.toBeNull()
    const first = docs![0] as { run: { invocations: Record<string, Record<string, unknown>> } }
    const inv = first.run.invocations['d66887a3-a556-1782-152b-f8818ec8d8bc']!
    expect(inv['results']).toEqual({
      'scs-0100-semantics-check': 1,
      'scs-0100-syntax-check': -1,
      'scs-0101-entropy-avail': 0,
      'scs-0101-fips-test': 31
    })
    expect(inv['cmd']).toMatch(/syntax-check scs-0101-entropy-avail/)
    expect((inv['stdout'] as string[])[1]).toBe("it's a long line that PyYAML folds at eighty columns")
    expect((inv['stdout'] as string[])[2]).toBe('\x1b[1mbold\x1b[0m café A\t😀 "q" \\')
  })

  it('reads every YAML fixture it takes as js-yaml does, and takes the reports in the real tool’s form', () => {
    const yamlFiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((f) => f.isFile() && /\.ya?ml$/.test(f.name))
        .map((f) => join(f.parentPath, f.name))
    const shared = join(__dirname, '../../../../shared/fixtures')
    const files = [...yamlFiles(shared), ...yamlFiles(join(__dirname, '../../fixtures'))]
    expect(files.length).toBeGreaterThan(20)
    const taken = files
      .filter((f) => compared(readFileSync(f, 'utf8')) !== null)
      .map((f) => f.split('/').pop())
    // the real tool's output (its format sample, and our copy of it); hand-written fixtures open with a comment
    expect(taken.filter((f) => f === 'scs-report-demo-cloud.yaml')).toHaveLength(2)
    const big = generateReport({ count: 5000, invocations: 7 }).text
    expect(compared(big)).not.toBeNull()
    const many = Array.from(
      { length: 20 },
      (_, i) =>
        generateReport({
          count: 60,
          subject: `cloud-${i}`,
          runUuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`
        }).text
    ).join('---\n')
    expect(compared(many)).toHaveLength(20)
  })

  it('leaves every construct outside its form to js-yaml', () => {
    const outside = {
      comment: 'a: 1 # note\n',
      'comment line': '# head\na: 1\n',
      anchor: 'a: &x 1\nb: *x\n',
      tag: 'a: !!str 1\n',
      'block scalar': 'a: |\n  text\n',
      'folded scalar': 'a: >\n  text\n',
      'flow sequence': 'a: [1, 2]\n',
      'flow mapping': 'a: {b: 1}\n',
      'complex key': '? a\n: 1\n',
      'quoted key': "'a': 1\n",
      'integer key': '1: a\n',
      'null key': 'null: a\n',
      'proto key': '__proto__: a\n',
      'merge key': '<<: a\n',
      'repeated key': 'a: 1\na: 2\n',
      tab: 'a:\t1\n',
      'carriage return': 'a: 1\r\nb: 2\r\n',
      'byte order mark': '\uFEFFa: 1\n',
      'blank line': 'a: 1\n\nb: 2\n',
      'trailing space': 'a: 1 \n',
      directive: '%YAML 1.2\n---\na: 1\n',
      'document end': 'a: 1\n...\n',
      'empty document': '---\n---\na: 1\n',
      'separator with content': '--- a\n',
      'double quotes over two lines': 'a: "one\n  two"\n',
      'escaped line break': 'a: "one\\\n  two"\n',
      'unknown escape': 'a: "\\q"\n',
      'mapping in a sequence': 'a:\n- b: 1\n',
      'sequence in a sequence': 'a:\n- - 1\n',
      'dash alone': 'a:\n-\n  b\n',
      'plain scalar with a colon': 'a: b: c\n',
      'top-level sequence': '- a\n',
      'top-level scalar': 'a\n',
      'wrong indentation': 'a:\n  b: 1\n c: 2\n',
      'non-printable': 'a: \x01\n',
      'lone surrogate': 'a: \uD800\n',
      'key over 1024 characters': `${'k'.repeat(1025)}: 1\n`,
      'quoted continuation not deeper than its key': "a: 'x\ny'\n",
      'non-breaking space in a key': 'a\u00a0b: 1\n',
      'code point beyond U+10FFFF': 'a: "\\U00110000"\n'
    }
    for (const [what, text] of Object.entries(outside)) expect(fast(text), what).toBeNull()
  })

  it('reads plain scalars with js-yaml’s own resolvers: numbers, nulls and booleans mean the same', () => {
    const scalars = [
      '0',
      '-1',
      '+1',
      '0x1F',
      '0o17',
      '0b101',
      '1_000',
      '1.5',
      '-.5',
      '1e3',
      '.inf',
      '-.inf',
      '.nan'
    ]
    const more = [
      '~',
      'null',
      'Null',
      'true',
      'False',
      'yes',
      'on',
      '2026-11-24',
      '1:30',
      '0.1.2',
      '-',
      'a-b'
    ]
    for (const s of [...scalars, ...more]) compared(`a: ${s}\nb:\n- ${s}\n`)
  })

  it('reads the corners of its form as js-yaml does: continuations that look like items, keys, comments or separators', () => {
    const corners = {
      'plain continuation that looks like an item': 'a: x\n  - y\n',
      'item continuation that looks like an item': 'a:\n- x\n - y\n',
      'indented item continued one deeper than its dash': 'a:\n  - x\n   y\n',
      'continuation one deeper than a nested key': 'a:\n  b: x\n   c\n  d: y\n',
      'continuation with indicators inside': 'a: x\n  [y] {z} &a *b !c |d >e %f @g `h y:z\n',
      'quoted continuation that looks like a key': "a: 'x\n  b: c'\n",
      'quoted continuation that looks like a comment': "a:\n- 'x\n  #y'\n",
      'quoted continuation that looks like a separator': "a:\n- 'x\n ---'\n",
      'escaped quote before a line break': "a: 'x''\n  y'\n",
      'quoted scalar that ends on a line of its own': "a: 'x\n '\n",
      'plain scalars that start with an indicator character':
        'a: :x\nb: ?x\nc: -- b\nd: ---\ne:\n- ?x\n- :x\n- -x\n',
      'keys named like Object.prototype members':
        'constructor: 1\ntoString: 2\nhasOwnProperty: 3\nvalueOf: x\n',
      'a non-breaking space at the end of a plain scalar': 'a: b\u00a0\n',
      'escapes of surrogates, astral characters and line separators':
        'a: "\\uD83D\\uDE00 \\U0001F600 \\uD800 \\N\\_\\L\\P \\x41\\\\"\n',
      'a last line without a line break': '---\na: 1\n---\nb: 2'
    }
    for (const [what, text] of Object.entries(corners)) expect(compared(text), what).not.toBeNull()
  })

  it('reads nothing differently from js-yaml in 20,000 mutated reports', () => {
    // a seeded generator: the same mutants on every run
    let seed = 0x2026_1202
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
      return (seed >>> 8) % n
    }
    const alphabet = [
      ' ',
      ' ',
      '\n',
      '\n',
      ':',
      '-',
      "'",
      '"',
      '#',
      '[',
      ']',
      '{',
      '}',
      '\\',
      '&',
      '*',
      '!',
      '|',
      '>',
      '?',
      '%',
      ',',
      '.',
      '~',
      '_',
      'a',
      'e',
      'x',
      'u',
      'n',
      '0',
      '1',
      '9',
      '\t',
      '\r',
      'é'
    ]
    const bases = [SAMPLE, generateReport({ count: 8, invocations: 2 }).text]
    let read = 0
    let refusedByBoth = 0
    for (let i = 0; i < 20_000; i++) {
      let text = bases[i % bases.length]!
      for (let k = 1 + next(3); k > 0; k--) {
        const at = next(text.length)
        const c = alphabet[next(alphabet.length)]!
        const op = next(3)
        text =
          op === 0
            ? text.slice(0, at) + c + text.slice(at)
            : op === 1
              ? text.slice(0, at) + text.slice(at + 1)
              : text.slice(0, at) + c + text.slice(at + 1)
      }
      const mine = compared(text)
      if (mine) read += 1
      else {
        try {
          jsYaml(text)
        } catch {
          refusedByBoth += 1
        }
      }
    }
    // the mutants exercise both ways: many are read fast, many are refused (by js-yaml)
    expect(read).toBeGreaterThan(4000)
    expect(refusedByBoth).toBeGreaterThan(1000)
  })

  it('holds a long double-quoted scalar with an escape in about the memory js-yaml needs, not a string per character', () => {
    // an applicant's report may hold one double-quoted line of many megabytes with a single escape in it:
    // built a character at a time it took some 33 bytes a character (a 35 MB line ran the import worker's
    // 1 GB heap out), where js-yaml keeps a few slices
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const text = `a: "\\t${'x'.repeat(4_000_000)}"\n`
    const held = (read: () => unknown[] | null): number => {
      gc()
      const before = getHeapStatistics().used_heap_size
      const docs = read()
      gc()
      const grown = getHeapStatistics().used_heap_size - before
      expect((docs![0] as { a: string }).a).toHaveLength(4_000_001)
      return grown
    }
    const theirs = held(() => jsYaml(text))
    // (read, not compared: comparing would flatten the string first)
    const mine = held(() => fast(text))
    expect(mine).toBeLessThan(2 * theirs + 8 * 2 ** 20)
    expect(compared(text)).not.toBeNull()
  })

  it('keeps the limits the loader walks a document with: more nodes than allowed is refused, as before', () => {
    // what the fast reader takes is not walked again: it counts the nodes itself and leaves a document over
    // the limit to js-yaml and the walk, which refuse it
    const text = `results:\n${Array.from({ length: 20 }, (_, i) => `  scs-${i}: 1`).join('\n')}\n`
    const limits = { maxNodes: 15, maxAliases: 1000, maxDepth: 64 }
    let refused: unknown
    try {
      loadYamlDocuments('many.yaml', text, limits)
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(InputError)
    expect((refused as InputError).reason).toMatch(/more than 15 nodes/)
    expect(loadYamlDocuments('many.yaml', text, { ...limits, maxNodes: 22 })).toHaveLength(1)
  })

  it('is what loading a report uses, and js-yaml still refuses what is refused, naming the place', () => {
    const docs = loadYamlDocuments('report.yaml', SAMPLE)
    expect(docs).toHaveLength(2)
    expect(difference(docs, jsYaml(SAMPLE))).toBeNull()
    let refused: unknown
    try {
      loadYamlDocuments('report.yaml', 'a: 1\na: 2\n')
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(InputError)
    expect((refused as InputError).place).toBe('line 2, column 1')
    expect((refused as InputError).reason).toMatch(/duplicated mapping key/)
  })
})
