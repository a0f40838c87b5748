import { describe, expect, it } from 'vitest'
import { hashToPlace, placeToHash, samePage } from '../../../src/renderer/src/route'

describe('the place in the URL', () => {
  it.each([
    [{ view: 'welcome' as const }, ''],
    [{ view: 'verify' as const }, '#/verify'],
    [{ view: 'new' as const }, '#/new'],
    [{ view: 'schemes' as const }, '#/schemes'],
    [{ view: 'case' as const, caseId: 'acme', tab: 'verdict' as const, rowKey: null }, '#/case/acme/verdict'],
    [
      { view: 'case' as const, caseId: 'acme 2', tab: 'review' as const, rowKey: 'scs-0101-v1\u0000a&b' },
      '#/case/acme%202/review?criterion=scs-0101-v1&subject=a%26b'
    ],
    [
      { view: 'case' as const, caseId: 'acme', tab: 'review' as const, rowKey: '\u0000dr-cloud' },
      '#/case/acme/review?criterion=&subject=dr-cloud'
    ]
  ])('%j ⇄ %s', (place, hash) => {
    expect(placeToHash(place)).toBe(hash)
    expect(hashToPlace(hash)).toEqual(place)
  })
  it('falls back to the welcome page on nonsense', () => {
    expect(hashToPlace('#/case/%E0%A4%A/review')).toEqual({ view: 'welcome' })
    expect(hashToPlace('#/elsewhere')).toEqual({ view: 'welcome' })
    expect(hashToPlace('#/case/acme/bogus')).toMatchObject({ tab: 'review' })
  })
  it('another case or tab is a new history entry; another row is not', () => {
    const a = { view: 'case' as const, caseId: 'acme', tab: 'review' as const, rowKey: 'x\u0000y' }
    expect(samePage(a, { ...a, rowKey: 'z\u0000y' })).toBe(true)
    expect(samePage(a, { ...a, tab: 'verdict' })).toBe(false)
    expect(samePage(a, { ...a, caseId: 'other' })).toBe(false)
  })
})
