import { openDatabase } from '../db/client.ts'
import { createApiKeyRepository } from '../features/organisations/key-repository.ts'
import { issueApiKey, kindsForRole, roleFitsKind } from '../features/organisations/keys.ts'
import { createOrganisationRepository } from '../features/organisations/repository.ts'
import { createRegionRepository } from '../features/regions/repository.ts'
import { ROLES, type Role } from '../lib/principal.ts'
import { wallClock, type AppConfig } from '../config.ts'
import { createAuditTrail, operatorEvent } from '../features/audit/trail.ts'
import type { Io } from './index.ts'

interface KeyOptions { role?: string | undefined, organisation?: string | undefined, region?: string | undefined, label?: string | undefined }

/** `stapsteen keys create`: the way to the first admin key. Only the key goes to stdout. */
export function createKey (config: AppConfig, options: KeyOptions, io: Io): number {
  const role = options.role as Role | undefined
  if (!role || !ROLES.includes(role)) {
    io.err(`stapsteen keys create: --role must be one of ${ROLES.join(', ')}`)
    return 64
  }
  const db = openDatabase(config.databasePath)
  try {
    let regionId: string | null = null
    if (options.region) {
      const regions = createRegionRepository(db)
      const region = regions.findById(options.region) ?? regions.findBySlug(options.region)
      if (!region) { io.err(`stapsteen keys create: no region ${options.region}`); return 65 }
      regionId = region.id
    }
    let organisationId: string | null = null
    if (options.organisation) {
      const org = createOrganisationRepository(db).findById(options.organisation)
      if (!org) { io.err(`stapsteen keys create: no organisation ${options.organisation}`); return 65 }
      if (!roleFitsKind(role, org.kind)) { io.err(`stapsteen keys create: role ${role} is for ${kindsForRole(role)}, not ${org.kind}`); return 65 }
      if (regionId && !org.regionIds.includes(regionId)) { io.err('stapsteen keys create: the organisation is not active in that region'); return 65 }
      organisationId = org.id
    } else if (role !== 'admin') {
      io.err('stapsteen keys create: a key without --organisation can only have --role admin')
      return 64
    }
    const label = options.label ?? (organisationId ? `${role} key` : regionId ? 'region admin (CLI)' : 'service admin (CLI)')
    const { key, row } = issueApiKey(createApiKeyRepository(db), { role, label, organisationId, regionId })
    createAuditTrail(db).append([operatorEvent('api-key.create', { targetType: 'api-key', targetId: row.id }, null, (config.now ?? wallClock)())])
    io.err(`made ${row.role} key ${row.id}${regionId ? ` for region ${regionId}` : organisationId ? '' : ' for the whole service'}; it is shown once:`)
    io.out(key)
    return 0
  } finally {
    db.$client.close()
  }
}
