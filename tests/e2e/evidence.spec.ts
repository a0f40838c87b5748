import { test, expect, type Page } from '@playwright/test'
import { dirname, join } from 'node:path'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { execFileSync, spawnSync } from 'node:child_process'
import { startApp, ROOT, type RunningApp } from './bridge-app'
import { createKeyInPanel } from './identity-panel'
import { createTestPki } from '../helpers/test-pki'
import { TEST_CLOCK_ENV } from '../helpers/clock'
import { makePdf, makePng, pdfBomb, pdfWithJavaScript, svgWithScript } from '../helpers/documents'

const CONSISTENT = join(ROOT, 'tests/fixtures/cases/consistent')
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

let app: RunningApp
let dir: string
const pdf = makePdf('Fire zones A and B, separate power and uplinks')
const png = makePng(320, 200, [40, 140, 90])

test.beforeAll(async () => {
  app = await startApp()
  dir = mkdtempSync(join(tmpdir(), 'aw-evidence-'))
  writeFileSync(join(dir, 'az-fire-zones.pdf'), pdf)
  writeFileSync(join(dir, 'racks.png'), png)
  writeFileSync(join(dir, 'logo.svg'), svgWithScript())
  writeFileSync(join(dir, 'js.pdf'), pdfWithJavaScript())
  writeFileSync(join(dir, 'bomb.pdf'), pdfBomb())
  // the AZ claim points at the PDF by name and hash (the format's sha256 extension)
  writeFileSync(
    join(dir, 'self-assessment.yaml'),
    readFileSync(join(CONSISTENT, 'self-assessment.yaml'), 'utf8').replace(
      '    ref: https://docs.acme-cloud.example/scs-0121-v1\n',
      `    ref: attachment:az-fire-zones.pdf\n    sha256: ${sha(pdf)}\n`
    )
  )
  writeFileSync(join(dir, 'report-acme-cloud.yaml'), readFileSync(join(CONSISTENT, 'report-acme-cloud.yaml')))
})
test.afterAll(async () => app.stop())

const cli = (...args: string[]): string =>
  execFileSync(process.execPath, [join(ROOT, 'out/main/cli.js'), ...args, '--db', app.dbPath], {
    encoding: 'utf8',
    env: { ...process.env, ...TEST_CLOCK_ENV }
  })

/** Ann's key, made in the identity panel on first use (the workspace is fresh), saved for the CLI */
let annKey = ''

async function openCase(page: Page, id: string): Promise<void> {
  await page.goto(await app.openUrl())
  if (!annKey) {
    annKey = join(dir, 'ann.key')
    await (await createKeyInPanel(page, 'Ann Auditor')).saveAs(annKey)
  }
  const form = page.getByRole('form', { name: 'New case' })
  await form.getByLabel('Case id').fill(id)
  await form.getByRole('button', { name: 'Create case' }).click()
  const files = [join(dir, 'self-assessment.yaml'), join(dir, 'report-acme-cloud.yaml')]
  await page.getByTestId('file-input').setInputFiles(files)
  await expect(page.getByTestId('receipt')).toHaveCount(files.length)
  await page
    .getByTestId('review')
    .getByRole('option', { name: /scs-0121-v1 acme-cloud/ })
    .click()
}

test('attach a PDF and an image, preview both, cite them, and find them in the signed PDF and the verdict JSON', async ({
  page
}) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  await page.setViewportSize({ width: 1280, height: 720 })
  await openCase(page, 'az')
  const claim = page.getByTestId('criterion-detail').getByRole('region', { name: 'Claim' })
  const docs = claim.getByTestId('claim-documents')
  await expect(docs).toContainText('Not matched: attachment:az-fire-zones.pdf')
  await expect(page.getByTestId('criterion-detail')).toContainText('evidence-unresolved')

  // attach: a PDF, an image, and an SVG with a script that is refused
  await docs
    .getByTestId('document-input')
    .setInputFiles([join(dir, 'az-fire-zones.pdf'), join(dir, 'racks.png'), join(dir, 'logo.svg')])
  await expect(docs.getByRole('alert')).toContainText('logo.svg: refused, nothing stored: markup (SVG')
  const mine = docs.getByRole('list', { name: 'Documents of this claim' })
  await expect(mine).toContainText('az-fire-zones.pdf')
  await expect(page.getByTestId('criterion-detail')).not.toContainText('evidence-unresolved')
  expect(
    JSON.parse(cli('evidence', 'list', '--case', 'az', '--json')).map((d: { name: string }) => d.name)
  ).toEqual(['az-fire-zones.pdf', 'racks.png'])

  // the PDF, rendered by pdf.js in the renderer
  await mine.getByRole('button', { name: 'az-fire-zones.pdf' }).click()
  const dialog = page.getByRole('dialog', { name: 'Evidence document az-fire-zones.pdf' })
  await expect(dialog.getByRole('status')).toHaveText('1 page(s).')
  const canvas = dialog.getByLabel('Page 1 of 1')
  await expect(canvas).toBeVisible()
  // something was drawn: the page is not one flat colour
  const inked = await canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let dark = 0
    for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) dark++
    return dark
  })
  expect(inked).toBeGreaterThan(50)
  await dialog.getByRole('button', { name: 'Close the preview' }).hover()
  await page.screenshot({ path: join(ROOT, 'test-results/screenshot-evidence-preview.png') })
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)

  // the image, inline
  await docs.locator('summary').click()
  await docs.getByRole('button', { name: 'racks.png' }).click()
  const img = page
    .getByRole('dialog', { name: 'Evidence document racks.png' })
    .getByRole('img', { name: 'racks.png' })
  await expect(img).toBeVisible()
  expect(await img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(320)
  await page.keyboard.press('Escape')

  // cite both in an accept decision of the manual criterion
  await page.getByRole('button', { name: 'decide…' }).click()
  const form = page.getByRole('form', { name: 'Decision' })
  await expect(form.getByRole('checkbox', { name: /az-fire-zones\.pdf/ })).toBeChecked()
  await form.getByRole('checkbox', { name: /racks\.png/ }).check()
  await form.getByLabel('Comment').fill('Fire zones, power and uplinks documented')
  await form.getByRole('button', { name: /Record accept/ }).click()
  await expect(form).toHaveCount(0)
  await expect(mine.locator('.badge', { hasText: 'cited' })).toHaveCount(2)
  await claim.evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await page.screenshot({ path: join(ROOT, 'test-results/screenshot-evidence-claim.png') })

  // the verdict JSON
  const verdict = JSON.parse(cli('verdict', '--case', 'az', '--json')) as {
    documents: { name: string; sha256: string; size: number; citedBy: string[] }[]
  }
  expect(verdict.documents).toEqual([
    expect.objectContaining({
      name: 'az-fire-zones.pdf',
      sha256: sha(pdf),
      size: pdf.length,
      citedBy: ['scs-0121-v1 / acme-cloud']
    }),
    expect.objectContaining({
      name: 'racks.png',
      sha256: sha(png),
      size: png.length,
      citedBy: ['scs-0121-v1 / acme-cloud']
    })
  ])

  // the signed PDF: its annex and its embedded verdict.json
  const bob = join(dir, 'bob.key')
  cli('identity', 'create', '--name', 'Bob Reviewer', '--out', bob)
  cli('review', 'submit', '--case', 'az', '--key', annKey)
  cli('review', 'accept', '--case', 'az', '--key', bob)
  const pki = createTestPki()
  // the body's own trust list: signing refuses a certificate whose chain it cannot build
  writeFileSync(join(dirname(app.dbPath), 'trusted-bodies.pem'), readFileSync(pki.caPem))
  const out = join(dir, 'verdict.pdf')
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'out/main/cli.js'),
      'export',
      '--case',
      'az',
      '--out',
      out,
      '--p12',
      pki.p12,
      '--passphrase-env',
      'AW_PASS',
      '--db',
      app.dbPath
    ],
    { env: { ...process.env, ...TEST_CLOCK_ENV, AW_PASS: pki.passphrase } }
  )
  expect(spawnSync('pdfsig', [out], { encoding: 'utf8' }).stdout).toContain('Signature is Valid.')
  const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
  expect(text).toContain('Evidence documents')
  expect(text).toContain('az-fire-zones.pdf')
  expect(text).toContain('racks.png')
  expect(text.replace(/ /g, '')).toContain(sha(pdf))
  expect(text.replace(/ /g, '')).toContain(sha(png))
  const att = mkdtempSync(join(tmpdir(), 'aw-att-'))
  execFileSync('pdfdetach', ['-saveall', '-o', att, out])
  const embedded = readdirSync(att).find((f) => f.endsWith('verdict.json'))!
  expect(readFileSync(join(att, embedded), 'utf8')).toContain(sha(png))
  expect(errors).toEqual([])
})

test('hostile documents preview safely: a PDF with JavaScript never runs it; a PDF bomb is stopped or drawn, and the app stays usable', async ({
  page
}) => {
  const dialogs: string[] = []
  const requests: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  page.on('request', (r) => requests.push(r.url()))
  await openCase(page, 'hostile')
  const docs = page.getByTestId('claim-documents')
  await docs.getByTestId('document-input').setInputFiles([join(dir, 'js.pdf'), join(dir, 'bomb.pdf')])
  await docs.locator('summary').click()
  await docs.getByRole('button', { name: 'js.pdf' }).click()
  const js = page.getByRole('dialog', { name: 'Evidence document js.pdf' })
  await expect(js.getByRole('status')).toHaveText('1 page(s).')
  await page.keyboard.press('Escape')

  await docs.getByRole('button', { name: 'bomb.pdf' }).click()
  const bomb = page.getByRole('dialog', { name: 'Evidence document bomb.pdf' })
  // either drawn (capped in pixels) or stopped at the deadline with a message; never a hung page
  await expect(bomb.getByText(/^1 page\(s\)\.$|^This PDF cannot be shown/)).toBeVisible({ timeout: 40_000 })
  const sizes = await bomb
    .locator('canvas')
    .evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).width * (c as HTMLCanvasElement).height))
  for (const s of sizes) expect(s).toBeLessThanOrEqual(2000 * 2000)
  await page.keyboard.press('Escape')
  await docs.getByRole('button', { name: 'js.pdf' }).click()
  await expect(page.getByRole('dialog', { name: 'Evidence document js.pdf' }).getByRole('status')).toHaveText(
    '1 page(s).'
  )

  expect(dialogs).toEqual([])
  expect(requests.filter((u) => !u.startsWith(app.origin) && !u.startsWith('data:'))).toEqual([])
})
