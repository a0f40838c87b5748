/**
 * The quick argument checks (quick-args.ts, no schema library) vouch only for arguments the channel's schema
 * in args.ts accepts as they are: for generated arguments, whenever a quick check passes, the schema passes
 * them too and hands the handler the same values.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ARG_SCHEMAS } from '../../../src/main/ipc/args'
import { QUICK_ARGS, quickArgs } from '../../../src/main/ipc/quick-args'
import type { InvokeChannel } from '../../../src/shared/ipc/contract'

const channels = Object.keys(QUICK_ARGS) as InvokeChannel[]
/** what the handler receives: trailing undefined arguments are the same as absent ones */
const asCalled = (args: readonly unknown[]): unknown[] => {
  const out = [...args]
  while (out.length && out.at(-1) === undefined) out.pop()
  return out
}

describe('quick argument checks', () => {
  const arg = fc.oneof(
    fc.string({ maxLength: 3 }),
    fc.string({ minLength: 195, maxLength: 205 }),
    fc.constantFrom<unknown>(
      '',
      'acme',
      '2026-11-24',
      '2026-11-24 ',
      '2026-1-24',
      '２０２６-11-24',
      undefined,
      null,
      0,
      1,
      {},
      [],
      'a'.repeat(200),
      'a'.repeat(201)
    )
  )
  it('never pass what the schema refuses, and pass values unchanged', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...channels),
        fc.oneof(fc.array(arg, { maxLength: 3 }), fc.constantFrom<unknown>(undefined, null, {}, 'x')),
        (channel, raw) => {
          const quick = quickArgs(channel, raw)
          if (quick === null) return
          const parsed = ARG_SCHEMAS[channel].safeParse(raw)
          expect(parsed.success).toBe(true)
          expect(asCalled(quick)).toStrictEqual(asCalled(parsed.data as unknown[]))
        }
      ),
      { numRuns: 5000 }
    )
  })

  it('the CLI’s imports (a case id and files): never pass what the schema refuses, and pass values unchanged', () => {
    const file = fc.oneof(
      fc.record({ name: fc.string({ maxLength: 3 }), base64: fc.string({ maxLength: 8 }) }),
      fc.record({
        name: fc.constantFrom('r.yaml', 'a'.repeat(500), 'a'.repeat(501)),
        base64: fc.constant('AAAA')
      }),
      fc.record({ name: fc.constant('r.yaml'), base64: fc.constant('AAAA'), extra: fc.constant(1) }),
      // the CLI's import passes the bytes it read; a JSON request can only send look-alikes of them
      fc.record({
        name: fc.constantFrom('r.yaml', '', 'a'.repeat(501)),
        bytes: fc.constantFrom<unknown>(
          new Uint8Array([1, 2]),
          Buffer.from('abc'),
          { 0: 1, length: 1 },
          [1, 2],
          'AAAA',
          null
        )
      }),
      fc.record({
        name: fc.constant('r.yaml'),
        bytes: fc.constant(new Uint8Array(1)),
        base64: fc.constant('')
      }),
      fc.record({ name: fc.constant('r.yaml') }),
      fc.constantFrom<unknown>(
        null,
        'r.yaml',
        [],
        Object.assign(Object.create(null), { name: 'r', base64: '' })
      )
    )
    const raw = fc.tuple(
      fc.constantFrom<unknown>('acme', '', 'a'.repeat(201), 7),
      fc.oneof(fc.array(file, { maxLength: 4 }), fc.constantFrom<unknown>(undefined, {}, 'x')),
      fc.constantFrom<unknown>(undefined, 'batch-1', 'b'.repeat(101), 3)
    )
    fc.assert(
      fc.property(
        fc.constantFrom('import:files', 'documents:attach') as fc.Arbitrary<InvokeChannel>,
        raw,
        fc.boolean(),
        (channel, [id, list, batch], withBatch) => {
          const args = withBatch ? [id, list, batch] : [id, list]
          const quick = quickArgs(channel, args)
          if (quick === null) return
          const parsed = ARG_SCHEMAS[channel].safeParse(args)
          expect(parsed.success).toBe(true)
          expect(asCalled(quick)).toStrictEqual(asCalled(parsed.data as unknown[]))
        }
      ),
      { numRuns: 5000 }
    )
    // and the CLI's own call passes
    expect(quickArgs('import:files', ['acme', [{ name: 'r.yaml', base64: 'AAAA' }]])).not.toBeNull()
    expect(quickArgs('import:files', ['acme', [{ name: 'r.yaml', bytes: Buffer.from('x') }]])).not.toBeNull()
  })

  it('the bytes form of an import (the CLI, in its own process) cannot come in a JSON request', () => {
    const call = ['acme', [{ name: 'r.yaml', bytes: Buffer.from('spec: {}\n') }]]
    expect(ARG_SCHEMAS['import:files'].safeParse(call).success).toBe(true)
    // what the bridge's JSON.parse makes of it: no Uint8Array, so both checks refuse it
    const overJson: unknown = JSON.parse(JSON.stringify(call))
    expect(quickArgs('import:files', overJson)).toBeNull()
    expect(ARG_SCHEMAS['import:files'].safeParse(overJson).success).toBe(false)
  })

  it.each([
    ['cases:list', []],
    ['cases:verdict', ['acme']],
    ['cases:verdict', ['acme', '2026-11-24']],
    ['cases:review', ['acme']]
  ] as const)('pass the CLI’s common calls: %s %j', (channel, args) => {
    expect(quickArgs(channel, [...args])).toEqual(args)
  })

  it.each([
    ['cases:verdict', ['a'.repeat(201)]],
    ['cases:verdict', ['acme', '24.11.2026']],
    ['cases:list', ['extra']],
    ['cases:create', [{ id: 'x', schemeId: 's', schemeVersion: 'v' }]]
  ] as const)('leave the rest to the schema: %s %j', (channel, args) => {
    expect(quickArgs(channel, [...args])).toBeNull()
  })
})
