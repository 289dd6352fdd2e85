/**
 * Unit results in OB 3.0 terms, pure: the achievement lists what each unit may record
 * (`resultDescription`), a credential what was recorded (`result`). A description's id is the
 * achievement's id with a fragment per unit and kind, the same in every credential of the version.
 */

export interface UnitResult { passed?: boolean, grade?: string, scaledScore?: number }

export interface ResultDescription {
  id: string
  type: ['ResultDescription']
  name: string
  resultType: 'Status' | 'Result' | 'ScaledScore'
  valueMin?: string
  valueMax?: string
}

export interface Result {
  type: ['Result']
  resultDescription: string
  status?: 'Completed' | 'Failed'
  value?: string
}

type Kind = 'status' | 'grade' | 'score'

const resultDescriptionId = (achievementId: string, unitKey: string, kind: Kind) => `${achievementId}#result-${unitKey}-${kind}`

/** For each unit, in order: pass or fail (`Status`), the grade as given (`Result`), the score from 0 to 1 (`ScaledScore`). */
export function resultDescriptions (achievementId: string, units: ReadonlyArray<{ key: string, title: string }>): ResultDescription[] {
  return units.flatMap(({ key, title }) => [
    { id: resultDescriptionId(achievementId, key, 'status'), type: ['ResultDescription'], name: `${key} ${title}: behaald of niet behaald`, resultType: 'Status' },
    { id: resultDescriptionId(achievementId, key, 'grade'), type: ['ResultDescription'], name: `${key} ${title}: beoordeling`, resultType: 'Result' },
    { id: resultDescriptionId(achievementId, key, 'score'), type: ['ResultDescription'], name: `${key} ${title}: score`, resultType: 'ScaledScore', valueMin: '0', valueMax: '1' }
  ])
}

/** The results a provider recorded, and only those: nothing for a unit without a result, nor for a part it left out. */
export function unitResults (achievementId: string, units: ReadonlyArray<{ key: string, result: UnitResult | null }>): Result[] {
  const out: Result[] = []
  for (const { key, result } of units) {
    if (!result) continue
    if (result.passed !== undefined) {
      out.push({ type: ['Result'], resultDescription: resultDescriptionId(achievementId, key, 'status'), status: result.passed ? 'Completed' : 'Failed' })
    }
    if (result.grade !== undefined) out.push({ type: ['Result'], resultDescription: resultDescriptionId(achievementId, key, 'grade'), value: result.grade })
    if (result.scaledScore !== undefined) {
      out.push({ type: ['Result'], resultDescription: resultDescriptionId(achievementId, key, 'score'), value: String(result.scaledScore) })
    }
  }
  return out
}
