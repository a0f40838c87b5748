// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { stubApi } from '../fixtures'
import type { SignatureCheck, VerdictCheck } from '../../../../src/shared/domain/verdict-types'

const { api } = stubApi({ 'trust:list': { source: 'trusted-bodies.pem', entries: [] } })
;(window as unknown as { api: unknown }).api = api
const { useAppStore } = await import('../../../../src/renderer/src/stores')
const { VerifyView } = await import('../../../../src/renderer/src/features/verdict/VerifyView')

const SIGNED_AT = '2026-11-24T09:00:00.000Z'
const STAMPED_AT = '2026-12-02T10:14:17.000Z'
const base: SignatureCheck = {
  field: 'Signature1',
  kind: 'signature',
  signed: true,
  valid: true,
  coversWholeDocument: false,
  modifiedAfter: false,
  signedBytes: 117041,
  digestOk: true,
  signatureOk: true,
  subFilter: 'ETSI.CAdES.detached',
  signer: {
    commonName: 'A. Auditor (test)',
    subject: 'C=DE, O=Test Assessment Body, CN=A. Auditor (test)',
    issuer: 'C=DE, O=Test Assessment Body, CN=Test Root CA',
    serial: '1000',
    fingerprint: 'AB:CD'
  },
  signingTime: SIGNED_AT,
  timestamp: null,
  trust: null,
  pades: { signingCertificateV2: true, signingTimeAttribute: false, digest: 'SHA-256' },
  problems: []
}
const trusted = (checkedAt: string, timeSource: 'timestamp' | 'verification time') => ({
  chained: true,
  ok: true,
  path: [
    'C=DE, O=Test Assessment Body, CN=A. Auditor (test)',
    'C=DE, O=Test Assessment Body, CN=Test Root CA'
  ],
  checkedAt,
  timeSource,
  problems: []
})

/** what verify says of a B-B verdict, with a document timestamp appended later (`timestamp --tsa`) or not */
function checkOf(docTimestamp: boolean): VerdictCheck {
  const signature: SignatureCheck = {
    ...base,
    coversWholeDocument: !docTimestamp,
    trust: docTimestamp
      ? trusted(STAMPED_AT, 'timestamp')
      : trusted('2026-11-24T09:00:00.000Z', 'verification time')
  }
  const stamp: SignatureCheck = {
    ...base,
    field: 'DocTimeStamp71',
    kind: 'document-timestamp',
    coversWholeDocument: true,
    signedBytes: 144249,
    subFilter: 'ETSI.RFC3161',
    signer: { ...base.signer!, commonName: 'Test TSA', subject: 'C=DE, O=Test Assessment Body, CN=Test TSA' },
    signingTime: STAMPED_AT,
    timestamp: {
      time: STAMPED_AT,
      tsa: 'C=DE, O=Test Assessment Body, CN=Test TSA',
      ok: true,
      trusted: true,
      problems: []
    }
  }
  return {
    file: 'verdict.pdf',
    outcome: 'VALID',
    reason: 'signed by …',
    fingerprint: 'AB:CD',
    ok: true,
    signature,
    signatures: docTimestamp ? [signature, stamp] : [signature],
    trustList: { source: 'trusted-bodies.pem', entries: 1 },
    verdict: {
      id: 'AW-x',
      sha256: 'ab',
      caseId: 'nordlicht',
      outcome: 'bronze',
      decisionDate: '2026-11-24',
      validUntil: '2027-11-24',
      lapsed: false,
      matches: true
    },
    audit: { checked: false, ok: true, message: 'not checked' },
    problems: []
  }
}

beforeEach(() => useAppStore.setState(useAppStore.getInitialState(), true))
afterEach(cleanup)

describe('the Verify screen’s signing time', () => {
  // The offline upgrade (`timestamp --tsa`) proves the signature's time with a document timestamp; the
  // screen said "no trusted timestamp" beside a trust row judged at that timestamp's time
  it('names the document timestamp that proves it, not "no trusted timestamp"', async () => {
    useAppStore.setState({ verifyCheck: checkOf(true) })
    render(<VerifyView />)
    const row = (await screen.findByText('Signed at')).closest('tr')!
    expect(row.textContent).not.toContain('no trusted timestamp')
    expect(row.textContent).toContain('a document timestamp by C=DE, O=Test Assessment Body, CN=Test TSA')
    expect(row.textContent).toContain('2026-12-02 10:14 UTC')
  })

  it('without any timestamp, says that the time is the signer’s claim', async () => {
    useAppStore.setState({ verifyCheck: checkOf(false) })
    render(<VerifyView />)
    const row = (await screen.findByText('Signed at')).closest('tr')!
    expect(row.textContent).toContain('claimed by the signer; no trusted timestamp')
  })
})

describe('the Verify screen’s verdict line', () => {
  it('names the valid-until day, and says so when the certificate has lapsed', async () => {
    const check = checkOf(false)
    useAppStore.setState({ verifyCheck: { ...check, verdict: { ...check.verdict, lapsed: true } } })
    render(<VerifyView />)
    const row = (await screen.findByText('Verdict')).closest('tr')!
    expect(row.textContent).toContain('valid until')
    expect(screen.getByTestId('verify-lapsed').textContent).toContain('no longer a current certificate')
  })
})
