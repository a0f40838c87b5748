/**
 * The name a saved copy of an evidence document gets ("Save a copy"): the operating system opens a file by
 * its name's extension, not by the media type the workbench read from its bytes. An applicant's plain text
 * named zones.cmd is a script to Windows; with a right-to-left override, "zones\u202Etxt.cmd" even shows as
 * "zonesdmc.txt".
 */
import { describe, expect, it } from 'vitest'
import { copyName } from '../../../src/shared/domain/documents'

describe('copyName', () => {
  it('keeps a name whose extension is its media type’s, in any case', () => {
    expect(copyName('az.pdf', 'application/pdf')).toBe('az.pdf')
    expect(copyName('AZ.PDF', 'application/pdf')).toBe('AZ.PDF')
    expect(copyName('racks.jpeg', 'image/jpeg')).toBe('racks.jpeg')
    expect(copyName('notes.md', 'text/markdown')).toBe('notes.md')
    expect(
      copyName('refs.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    ).toBe('refs.docx')
  })

  it('gives a script-named text, or an office file named otherwise, its media type’s extension', () => {
    expect(copyName('zones.cmd', 'text/plain')).toBe('zones.cmd.txt')
    expect(copyName('setup.ps1', 'text/plain')).toBe('setup.ps1.txt')
    expect(
      copyName('refs.docm', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    ).toBe('refs.docm.docx')
    expect(copyName('az', 'application/pdf')).toBe('az.pdf')
  })

  it('drops invisible format characters, so that the name saved is the name shown', () => {
    expect(copyName('zones\u202Etxt.cmd', 'text/plain')).toBe('zonestxt.cmd.txt')
    expect(copyName('a\u200Bz.pdf', 'application/pdf')).toBe('az.pdf')
  })
})
