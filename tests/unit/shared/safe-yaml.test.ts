import { describe, expect, it } from 'vitest'
import { loadYamlDocuments, checkTree } from '../../../src/shared/format/safe-yaml'
import { InputError } from '../../../src/shared/format/input-error'

const reject = (text: string): InputError => {
  try {
    loadYamlDocuments('h.yaml', text)
  } catch (e) {
    if (e instanceof InputError) return e
    throw new Error(`expected InputError, got ${String(e)}`, { cause: e })
  }
  throw new Error('expected a rejection')
}

describe('loading untrusted YAML', () => {
  it('refuses an alias bomb (billion laughs) instead of expanding it', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      ...Array.from({ length: 8 }, (_, i) => {
        const p = String.fromCharCode(97 + i)
        const n = String.fromCharCode(98 + i)
        return `${n}: &${n} [*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p}]`
      })
    ].join('\n')
    const e = reject(bomb)
    expect(e.reason).toMatch(/alias|nodes/)
  })
  it('refuses 10k-deep flow nesting with a place', () => {
    const e = reject('['.repeat(10_000) + ']'.repeat(10_000))
    expect(e.place).toMatch(/^line 1, column \d+$/)
    expect(e.reason).toMatch(/nesting exceeded/)
  })
  it('refuses 10k-deep block nesting', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1'
    expect(reject(text).reason).toMatch(/nesting exceeded/)
  })
  it('refuses !!js/function and other non-core tags', () => {
    expect(reject('x: !!js/function "function(){return 1}"').reason).toMatch(/unknown tag/)
    expect(reject('x: !!python/object:os.system ls').reason).toMatch(/unknown tag/)
  })
  it('refuses __proto__ keys and never touches Object.prototype', () => {
    const e = reject('a: 1\n__proto__: {polluted: true}')
    expect(e.place).toBe('__proto__')
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })
  it('keeps constructor as a plain key without harm', () => {
    const [doc] = loadYamlDocuments('c.yaml', 'constructor: 1\ntoString: 2')
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype)
    expect((doc as Record<string, unknown>)['constructor']).toBe(1)
  })
  it('refuses duplicate keys with line and column', () => {
    const e = reject('a: 1\nb: 2\na: 3\n')
    expect(e.place).toMatch(/^line 3/)
    expect(e.reason).toMatch(/duplicated mapping key/)
  })
  it('keeps dates as the strings the file wrote (core schema)', () => {
    const [doc] = loadYamlDocuments('d.yaml', 'checked_at: 2026-11-17 08:12:44.120533\nd: 2026-11-17')
    expect(doc).toEqual({ checked_at: '2026-11-17 08:12:44.120533', d: '2026-11-17' })
  })
  it('reads several documents and skips empty ones', () => {
    expect(loadYamlDocuments('m.yaml', '---\na: 1\n---\n---\nb: 2\n')).toEqual([{ a: 1 }, { b: 2 }])
  })
  it('checkTree bounds reused objects', () => {
    const shared = { x: 1 }
    expect(() =>
      checkTree(
        't',
        Array.from({ length: 2000 }, () => shared)
      )
    ).toThrow(/aliases/)
  })
})
