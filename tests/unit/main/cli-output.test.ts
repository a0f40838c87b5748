/**
 * The CLI's output (issue 10 §2, §3): lines go to the descriptors directly; where one would block, the rest
 * and everything after it go through the stream, in order, and flush waits for it; a reader that has gone
 * ends the output without an error.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'

const writeSync = vi.fn<(fd: number, bytes: Buffer, offset: number) => number>()
vi.mock('node:fs', async (original) => ({ ...(await original<typeof import('node:fs')>()), writeSync }))
const { cliOutput } = await import('../../../src/main/cli-output')

const errno = (code: string): Error => Object.assign(new Error(code), { code })

afterEach(() => {
  writeSync.mockReset()
  vi.restoreAllMocks()
})

describe('cliOutput', () => {
  it('writes each line whole to its descriptor', () => {
    const seen: string[] = []
    writeSync.mockImplementation((fd, bytes, offset) => {
      seen.push(`${fd}:${bytes.subarray(offset).toString()}`)
      return bytes.length - offset
    })
    const out = cliOutput()
    out.out('one')
    out.err('two')
    expect(seen).toEqual(['1:one\n', '2:two\n'])
  })

  it('hands the rest of a line to the stream when the descriptor would block, and all later lines too', async () => {
    const streamed: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: Uint8Array | string, cb?: () => void) => {
      streamed.push(Buffer.from(chunk).toString())
      if (typeof cb === 'function') cb()
      return true
    }) as typeof process.stdout.write)
    writeSync
      .mockImplementationOnce(() => 3)
      .mockImplementationOnce(() => {
        throw errno('EAGAIN')
      })
    const out = cliOutput()
    out.out('hello')
    out.out('world')
    await out.flush()
    expect(writeSync).toHaveBeenCalledTimes(2)
    expect(streamed.join('')).toBe('lo\nworld\n')
  })

  it('stops writing to a reader that has gone, without failing', () => {
    writeSync.mockImplementation(() => {
      throw errno('EPIPE')
    })
    const out = cliOutput()
    expect(() => out.out('a')).not.toThrow()
    out.out('b')
    expect(writeSync).toHaveBeenCalledTimes(1)
  })
})
