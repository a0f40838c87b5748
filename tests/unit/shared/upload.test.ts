import { describe, expect, it } from 'vitest'
import {
  MAX_FILE_BYTES,
  MAX_FILES_PER_CALL,
  MAX_REQUEST_BYTES,
  base64Length,
  fileSizeProblem,
  uploadBatches
} from '../../../src/shared/ipc/upload'

const file = (name: string, size: number) => ({ name, size })
/** The body a batch makes, the way the page sends it (JSON of name and base64). */
const bodyOf = (batch: readonly { name: string; size: number }[]): number =>
  JSON.stringify(['case-id', batch.map((f) => ({ name: f.name, base64: '' })), 'batch']).length +
  batch.reduce((n, f) => n + base64Length(f.size), 0)

describe('upload limits', () => {
  it('derive the request cap from the import cap', () => {
    expect(base64Length(3)).toBe(4)
    expect(base64Length(4)).toBe(8)
    expect(MAX_REQUEST_BYTES).toBeGreaterThan(base64Length(MAX_FILE_BYTES))
  })

  it('name a file over the import cap the way the importer does', () => {
    expect(fileSizeProblem(MAX_FILE_BYTES)).toBeNull()
    expect(fileSizeProblem(MAX_FILE_BYTES + 1)).toBe(
      `the file is ${MAX_FILE_BYTES + 1} bytes; the limit is ${MAX_FILE_BYTES}`
    )
    expect(fileSizeProblem(0)).toBe('the file is empty')
  })
})

describe('uploadBatches', () => {
  it('sends small drops as one call', () => {
    const files = [file('a.yaml', 10), file('b.yaml', 20)]
    expect(uploadBatches(files)).toEqual({ batches: [files], refused: [] })
  })

  it('splits a drop so that each call stays under the request cap', () => {
    const big = MAX_FILE_BYTES - 1000
    const files = [file('a.yaml', big), file('b.yaml', big), file('c.yaml', 10)]
    const { batches, refused } = uploadBatches(files)
    expect(refused).toEqual([])
    expect(batches.map((b) => b.map((f) => f.name))).toEqual([['a.yaml'], ['b.yaml', 'c.yaml']])
    for (const b of batches) expect(bodyOf(b)).toBeLessThanOrEqual(MAX_REQUEST_BYTES)
  })

  it('keeps a report with its detached signature, even at the cap', () => {
    const files = [file('r.yaml.sig', 300), file('x.yaml', 5), file('r.yaml', MAX_FILE_BYTES)]
    const { batches } = uploadBatches(files)
    const withSig = batches.find((b) => b.some((f) => f.name === 'r.yaml'))!
    expect(withSig.map((f) => f.name)).toContain('r.yaml.sig')
    for (const b of batches) expect(bodyOf(b)).toBeLessThanOrEqual(MAX_REQUEST_BYTES)
  })

  it('refuses a file over the import cap without sending it, and leaves empty files to the importer', () => {
    const files = [file('huge.yaml', MAX_FILE_BYTES + 1), file('huge.yaml.sig', 300), file('empty.yaml', 0)]
    const { batches, refused } = uploadBatches(files)
    expect(batches).toEqual([[file('empty.yaml', 0)]])
    expect(refused.map((r) => r.file.name)).toEqual(['huge.yaml', 'huge.yaml.sig'])
    expect(refused[0]!.reason).toMatch(/the limit is/)
  })

  it('sends orphan signatures, for the importer to explain', () => {
    expect(uploadBatches([file('lonely.sig', 300)]).batches).toEqual([[file('lonely.sig', 300)]])
  })

  it('never puts more files in one call than the contract allows', () => {
    const files = Array.from({ length: MAX_FILES_PER_CALL + 1 }, (_, i) => file(`f${i}.yaml`, 1))
    expect(uploadBatches(files).batches.map((b) => b.length)).toEqual([MAX_FILES_PER_CALL, 1])
  })
})
