import { test, expect } from '@playwright/test'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { startApp, ROOT, type RunningApp } from './bridge-app'
import { buildTemplate } from '../../src/main/import/xlsx'

const FX = join(ROOT, 'tests/fixtures')
const SHARED = join(ROOT, '../shared/fixtures')
let app: RunningApp
test.beforeAll(async () => {
  app = await startApp()
})
test.afterAll(async () => app.stop())

async function questionnaire(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(
    (await buildTemplate({
      caseId: 'multi',
      scheme: 'scs-compatible-iaas',
      schemeVersion: 'v5.1',
      criteria: [{ id: 'scs-0100-v3.1', name: 'Flavor naming', manual: false }]
    })) as unknown as ExcelJS.Buffer
  )
  const sub = wb.getWorksheet('Submission')!
  const set: Record<string, string> = { submittedAt: '2026-11-20', 'applicant.name': 'Spreadsheet Cloud AG' }
  sub.eachRow((row) => {
    const k = String(row.getCell(1).value)
    if (k in set) row.getCell(2).value = set[k]!
  })
  wb.getWorksheet('Subjects')!.getRow(2).values = ['sheet-cloud', 'Sheet Cloud', 'iaas']
  wb.getWorksheet('Answers')!.getCell('D2').value = 'met'
  return Buffer.from(await wb.xlsx.writeBuffer())
}

test('every format at once by drag and drop: a receipt per file, the bad one explained, progress to 100%', async ({
  page
}) => {
  await page.goto(await app.openUrl())
  const form = page.getByRole('form', { name: 'New case' })
  await form.getByLabel('Case id').fill('multi')
  await form.getByRole('button', { name: 'Create case' }).click()
  await expect(page.getByTestId('case-title')).toBeVisible()

  const files = [
    { name: 'report.yaml', data: readFileSync(join(FX, 'signed/report.yaml')) },
    { name: 'report.yaml.sig', data: readFileSync(join(FX, 'signed/stranger.sig')) },
    { name: 'self-assessment.yaml', data: readFileSync(join(FX, 'self-assessment/iaas-demo-cloud.yaml')) },
    { name: 'questionnaire.xlsx', data: await questionnaire() },
    { name: 'interop-2020.06.json', data: readFileSync(join(SHARED, 'real/interop-2020.06.json')) },
    {
      name: 'refstack.json',
      data: readFileSync(join(SHARED, 'format-samples/refstack-results-demo-cloud.json'))
    },
    { name: 'junit.xml', data: readFileSync(join(FX, 'junit/tempest-demo-cloud.xml')) },
    {
      name: 'entity-bomb.xml',
      data: Buffer.from('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><testsuites/>')
    }
  ].map((f) => ({ name: f.name, base64: f.data.toString('base64') }))
  const dataTransfer = await page.evaluateHandle((fs) => {
    const dt = new DataTransfer()
    for (const f of fs)
      dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name))
    return dt
  }, files)
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer })

  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute(
    'aria-valuenow',
    '100',
    { timeout: 30_000 }
  )
  const receipts = page.getByTestId('receipt')
  await expect(receipts).toHaveCount(5)
  for (const kind of [
    'scs-report',
    'self-assessment',
    'xlsx-questionnaire',
    'refstack-results',
    'junit-xml'
  ]) {
    await expect(receipts.filter({ hasText: kind })).toHaveCount(1)
  }
  await expect(receipts.filter({ hasText: 'scs-report' })).toContainText('unknown-key (SHA256:')
  const rejection = page.getByRole('alert').filter({ hasText: 'entity-bomb.xml' })
  await expect(rejection).toContainText('DOCTYPE and ENTITY declarations are not allowed')
  // a scheme definition is not evidence: a case import never changes a scheme (issue 13, I1)
  await expect(page.getByRole('alert').filter({ hasText: 'interop-2020.06.json' })).toContainText(
    'a case import never changes a scheme'
  )
  await page.getByRole('tab', { name: 'Evidence' }).click()
  await expect(page.getByRole('region', { name: 'Imported files' }).getByRole('row')).toHaveCount(6) // header + 5
})
