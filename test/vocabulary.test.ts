import t from 'tap'
import { readFileSync } from 'node:fs'
import * as schema from '../src/db/schema/index.ts'
import * as vocabulary from '../src/lib/vocabulary.ts'

/** The OpenAPI document as committed: every enum in it, wherever it appears. */
function enumsOf (node: unknown, out: string[][] = []): string[][] {
  if (Array.isArray(node)) node.forEach((n) => enumsOf(n, out))
  else if (node && typeof node === 'object') {
    const enumValues = (node as { enum?: unknown }).enum
    if (Array.isArray(enumValues)) out.push(enumValues as string[])
    Object.values(node).forEach((n) => enumsOf(n, out))
  }
  return out
}
const openapiEnums = enumsOf(JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8')))
  .map((values) => JSON.stringify(values))

t.test('each database column with a closed vocabulary takes its values from the one list', async (t) => {
  const columns: Array<[string, { enumValues?: readonly string[] | undefined }, readonly string[]]> = [
    ['organisations.kind', schema.organisations.kind, vocabulary.ORGANISATION_KINDS],
    ['api_keys.role', schema.apiKeys.role, vocabulary.ROLES],
    ['skills.kind', schema.skills.kind, vocabulary.SKILL_KINDS],
    ['skills.domain', schema.skills.domain, vocabulary.SKILL_DOMAINS],
    ['module_versions.status', schema.moduleVersions.status, vocabulary.VERSION_STATUSES],
    ['module_versions.kind', schema.moduleVersions.kind, vocabulary.MODULE_KINDS],
    ['consents.purpose', schema.consents.purpose, vocabulary.CONSENT_PURPOSES],
    ['completions.assessment', schema.completions.assessment, vocabulary.ASSESSMENTS],
    ['completions.source', schema.completions.source, vocabulary.COMPLETION_SOURCES],
    ['signing_keys.alg', schema.signingKeys.alg, vocabulary.SIGNING_ALGS],
    ['credentials.kind', schema.credentials.kind, vocabulary.CREDENTIAL_KINDS],
    ['credentials.revocation_reason', schema.credentials.revocationReason, vocabulary.REVOCATION_REASON_CODES],
    ['shares.scope', schema.shares.scope, vocabulary.SHARE_SCOPES],
    ['shares.withdrawn_reason', schema.shares.withdrawnReason, vocabulary.WITHDRAW_REASONS],
    ['share_views.via', schema.shareViews.via, vocabulary.VIEW_CHANNELS],
    ['outcomes.kind', schema.outcomes.kind, vocabulary.OUTCOME_KINDS],
    ['outcomes.contract_type', schema.outcomes.contractType, vocabulary.CONTRACT_TYPES]
  ]
  for (const [name, column, values] of columns) t.same(column.enumValues, values, name)
})

t.test('the API contract lists the same values', async (t) => {
  const published = ['ORGANISATION_KINDS', 'ROLES', 'SKILL_KINDS', 'SKILL_DOMAINS', 'VERSION_STATUSES', 'MODULE_KINDS',
    'CONSENT_PURPOSES', 'ASSESSMENTS', 'COMPLETION_SOURCES', 'SIGNING_ALGS', 'CREDENTIAL_KINDS', 'MANUAL_REASONS',
    'REVOCATION_REASON_CODES', 'SHARE_SCOPES', 'WITHDRAW_REASONS', 'OUTCOME_KINDS', 'CONTRACT_TYPES'] as const
  for (const name of published) {
    t.ok(openapiEnums.includes(JSON.stringify(vocabulary[name])), `${name} appears as an enum in openapi/openapi.json`)
  }
  t.ok(vocabulary.MANUAL_REASONS.every((r) => r in vocabulary.REVOCATION_REASONS), 'a manual reason is a revocation reason')
  t.ok(Object.values(vocabulary.REVOCATION_REASONS).every((words) => words.length > 0), 'every reason has its Dutch words')
})
