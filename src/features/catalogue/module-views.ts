/**
 * Between request bodies, stored rows and API views of modules. Pure: no Fastify, no database.
 */
import { activityIdOf } from './module-rules.ts'
import type { ModuleRow, UnitRecord, UnitValues, VersionRow, VersionValues } from './module-repository.ts'
import type { CreateModuleInput, ModuleVersion, UnitInput, UpdateModuleInput } from './schemas.ts'

/** The units of a body as stored: text trimmed, a missing description as null. */
export function unitValuesFrom (units: readonly UnitInput[]): UnitValues[] {
  return units.map((u) => ({ key: u.key, title: u.title.trim(), description: u.description?.trim() ?? null, skillIds: [...u.skillIds] }))
}

/** The version fields of a create body, as stored. */
export function valuesFromCreate (body: CreateModuleInput): VersionValues {
  return {
    title: body.title.trim(),
    description: body.description?.trim() ?? null,
    kind: body.kind,
    hours: body.hours,
    nlqfLevel: body.nlqfLevel ?? null,
    eqfLevel: body.eqfLevel ?? null,
    crebo: body.crebo ?? null,
    workProcess: body.workProcess ?? null,
    learningOutcomes: body.learningOutcomes.map((o) => o.trim())
  }
}

/** `base` with the fields a PATCH body gives; an absent field keeps its value, null clears it. */
export function mergeValues (base: VersionValues, body: UpdateModuleInput): VersionValues {
  const pick = <T>(given: T | undefined, kept: T): T => given === undefined ? kept : given
  return {
    title: body.title === undefined ? base.title : body.title.trim(),
    description: body.description === undefined ? base.description : body.description?.trim() ?? null,
    kind: pick(body.kind, base.kind),
    hours: pick(body.hours, base.hours),
    nlqfLevel: pick(body.nlqfLevel, base.nlqfLevel),
    eqfLevel: pick(body.eqfLevel, base.eqfLevel),
    crebo: pick(body.crebo, base.crebo),
    workProcess: pick(body.workProcess, base.workProcess),
    learningOutcomes: body.learningOutcomes === undefined ? [...base.learningOutcomes] : body.learningOutcomes.map((o) => o.trim())
  }
}

/** A version as the API shows it; every unit carries the xAPI activity IRI of its identity under `publicUrl`. */
export function toVersionView (row: VersionRow, units: readonly UnitRecord[], publicUrl: string): ModuleVersion {
  return {
    moduleId: row.moduleId,
    version: row.version,
    status: row.status,
    title: row.title,
    description: row.description,
    kind: row.kind,
    hours: row.hours,
    nlqfLevel: row.nlqfLevel as ModuleVersion['nlqfLevel'],
    eqfLevel: row.eqfLevel,
    crebo: row.crebo,
    workProcess: row.workProcess,
    learningOutcomes: row.learningOutcomes,
    units: units.map((u) => ({
      id: u.id,
      key: u.key,
      revision: u.revision,
      title: u.title,
      description: u.description,
      skillIds: u.skillIds,
      activityId: activityIdOf(publicUrl, row.moduleId, u.key, u.revision)
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    publishedAt: row.publishedAt
  }
}

/** A module as the API shows it, with `current` the newest version the caller may see. */
export function toModuleView (module: ModuleRow, current: VersionRow, units: readonly UnitRecord[], publishedVersion: number | null, publicUrl: string) {
  return {
    id: module.id,
    providerId: module.providerId,
    code: module.code,
    createdAt: module.createdAt,
    latestVersion: current.version,
    publishedVersion,
    current: toVersionView(current, units, publicUrl)
  }
}
