/**
 * The register's public site as text, pure: a status page per certificate, the index, and the revocation
 * list as JSON and HTML. Static files with relative links, so any web server (or a file browser) shows them.
 * Every value from the database is escaped.
 */
import { describeDue, type CertificateState, type CertificateStatus } from './status'

export const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
  )

const STATE_TEXT: Record<CertificateState, string> = {
  valid: 'Valid',
  revoked: 'Revoked',
  superseded: 'Superseded',
  expired: 'Expired',
  'not-yet-valid': 'Not yet valid'
}

const CSS = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1f24;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top}th{background:#f6f8fa}
.state{display:inline-block;padding:.15rem .6rem;border-radius:.3rem;font-weight:600}
.valid{background:#dafbe1;color:#0a3622}.revoked{background:#ffebe9;color:#82071e}.superseded,.expired,.not-yet-valid{background:#fff8c5;color:#4d2d00}
.fail{color:#82071e;font-weight:600}.abort{color:#4d2d00}code{font-size:.85em;word-break:break-all}footer{margin-top:3rem;color:#57606a;font-size:.85rem}`

const page = (title: string, body: string, root: string, generatedAt: string): string => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<nav><a href="${root}index.html">All certificates</a> · <a href="${root}crl.html">Revocation list</a></nav>
${body}
<footer>Generated ${esc(generatedAt)} from the assessment body's register (Auditor Workbench). Machine-readable: status.json per certificate, <a href="${root}crl.json">crl.json</a>.</footer>
</body></html>
`

const stateBadge = (s: CertificateState): string => `<span class="state ${s}">${STATE_TEXT[s]}</span>`

export function statusPage(s: CertificateStatus): string {
  const c = s.certificate
  const rows: [string, string][] = [
    [
      'State',
      `${stateBadge(s.state)}${c.revocation ? ` since ${esc(c.revocation.at.slice(0, 10))}: ${esc(c.revocation.reason)}` : ''}${
        s.state === 'superseded' && c.supersededBy
          ? ` by <a href="../${encodeURIComponent(c.supersededBy)}/index.html"><code>${esc(c.supersededBy)}</code></a>`
          : ''
      }`
    ],
    ['Scope', `${esc(c.scopeName)} (${esc(c.scope)}), version ${esc(c.version)}`],
    ['Tier / outcome', `${esc(c.outcomeName)} (${esc(c.outcome)})`],
    ['Subjects', c.subjects.map(esc).join(', ')],
    ['Valid', `${esc(c.validFrom)} to ${esc(c.validUntil)}`],
    ['Verdict', `<code>${esc(c.verdictId)}</code><br>SHA-256 <code>${esc(c.verdictSha256)}</code>`],
    ['Signed by', `certificate SHA-256 <code>${esc(c.signerFingerprint)}</code>`],
    ['PDF', `SHA-256 <code>${esc(c.pdfSha256)}</code>`]
  ]
  const due = s.surveillance.length
    ? `<ul>${s.surveillance.map((d) => `<li>${esc(describeDue(d))}</li>`).join('')}</ul>`
    : `<p>Nothing is due${s.state === 'valid' ? '' : ' (the certificate is not valid)'}.</p>`
  const history = s.history.length
    ? `<table><thead><tr><th>Checked</th><th>Subject</th><th>Scope</th><th>Test</th><th>Result</th></tr></thead><tbody>${s.history
        .map(
          (h) =>
            `<tr><td>${esc(h.checkedAt.slice(0, 16).replace('T', ' '))} UTC</td><td>${esc(h.subject)}</td><td>${esc(h.scope)}</td><td>${esc(h.testcase)}</td><td class="${h.result}">${h.result.toUpperCase()}</td></tr>`
        )
        .join('')}</tbody></table>`
    : '<p>No results registered in the last 18 months.</p>'
  return page(
    `Certificate ${c.verdictId}: ${STATE_TEXT[s.state]}`,
    `<h1>Certificate status: ${esc(c.subjects.join(', '))}</h1>
<table><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>
<h2>Surveillance</h2>
${due}
<h2>Results of the last 18 months</h2>
${history}
<p>This page stays online until ${esc(s.keepOnlineUntil)}. <a href="status.json">status.json</a></p>`,
    '../../',
    s.generatedAt
  )
}

export function indexPage(list: readonly CertificateStatus[], generatedAt: string): string {
  const rows = list
    .map(
      (s) =>
        `<tr><td><a href="certificates/${encodeURIComponent(s.certificate.verdictId)}/index.html">${esc(s.certificate.subjects.join(', '))}</a></td><td>${esc(s.certificate.scopeName)} ${esc(s.certificate.version)}</td><td>${esc(s.certificate.outcomeName)}</td><td>${esc(s.certificate.validUntil)}</td><td>${stateBadge(s.state)}</td></tr>`
    )
    .join('\n')
  return page(
    'Certificates',
    `<h1>Certificates</h1>
<table><thead><tr><th>Subjects</th><th>Scope</th><th>Tier / outcome</th><th>Valid until</th><th>State</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="5">No certificates registered yet.</td></tr>'}
</tbody></table>`,
    '',
    generatedAt
  )
}

export interface CrlEntry {
  readonly verdictId: string
  readonly verdictSha256: string
  readonly scope: string
  readonly version: string
  readonly subjects: readonly string[]
  readonly revokedAt: string
  readonly reason: string
}

export const crlJson = (entries: readonly CrlEntry[], generatedAt: string): string =>
  `${JSON.stringify({ format: 'auditor-workbench/crl@1', generatedAt, revoked: entries }, null, 2)}\n`

export function crlPage(entries: readonly CrlEntry[], generatedAt: string): string {
  const rows = entries
    .map(
      (e) =>
        `<tr><td><a href="certificates/${encodeURIComponent(e.verdictId)}/index.html"><code>${esc(e.verdictId)}</code></a></td><td>${esc(e.subjects.join(', '))}</td><td>${esc(e.scope)} ${esc(e.version)}</td><td>${esc(e.revokedAt.slice(0, 10))}</td><td>${esc(e.reason)}</td></tr>`
    )
    .join('\n')
  return page(
    'Certificate revocation list',
    `<h1>Certificate revocation list</h1>
<table><thead><tr><th>Verdict</th><th>Subjects</th><th>Scope</th><th>Revoked</th><th>Reason</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="5">No certificate has been revoked.</td></tr>'}
</tbody></table>`,
    '',
    generatedAt
  )
}
