/** Self-assessment parts for unit tests and the bench: every field present and empty, overridden per test. */
import type { SubmissionSubject } from '../../src/shared/domain/submission'

export const testSubject = (over: Partial<SubmissionSubject> = {}): SubmissionSubject => ({
  id: 'cloud-a',
  name: null,
  kind: 'iaas',
  scope: 'test',
  scopeVersion: 'v1',
  role: null,
  thirdParty: null,
  publicCloud: null,
  since: null,
  until: null,
  regions: null,
  availabilityZones: null,
  joint: null,
  figures: {},
  extra: {},
  ...over
})
