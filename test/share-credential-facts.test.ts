import t from 'tap'
import { mergeSkills, readCredentialFacts } from '../src/features/share-page/credential-facts.ts'
import { sharePageModel } from '../src/features/share-page/view-model.ts'

const ACHIEVEMENT = 'http://localhost:3000/achievements/modules/mod_1/versions/1'
const DOCUMENT = {
  name: 'Nederlands op de werkvloer (1F)',
  issuer: { id: 'did:web:x', name: 'ROC van Twente' },
  validFrom: '2026-10-14T10:00:00Z',
  awardedDate: '2026-10-14T10:00:00Z',
  validUntil: '2031-10-14T10:00:00Z',
  credentialSubject: {
    creditsEarned: 8,
    result: [
      { type: ['Result'], resultDescription: `${ACHIEVEMENT}#result-LE1-status`, status: 'Completed' },
      { type: ['Result'], resultDescription: `${ACHIEVEMENT}#result-LE1-grade`, value: 'goed' },
      { type: ['Result'], resultDescription: `${ACHIEVEMENT}#result-LE2-score`, value: '0.8' }
    ],
    achievement: {
      name: 'Nederlands op de werkvloer (1F)',
      creditsAvailable: 8,
      resultDescription: [
        { id: `${ACHIEVEMENT}#result-LE1-status`, name: 'LE1 Werkinstructies lezen: behaald of niet behaald' },
        { id: `${ACHIEVEMENT}#result-LE1-grade`, name: 'LE1 Werkinstructies lezen: beoordeling' },
        { id: `${ACHIEVEMENT}#result-LE2-score`, name: 'LE2 Melden: score' }
      ],
      alignment: [
        { targetName: 'Lezen op 1F', targetType: 'ext:BasicSkillLevel', targetCode: '1F', targetFramework: 'Referentiekader taal en rekenen' },
        { targetName: 'Orderpicken', targetType: 'ceasn:Competency' },
        { targetName: 'Heftruck rijden', targetType: 'ext:VocationalSkill' },
        { targetName: 'NLQF niveau 2', targetType: 'ext:QualificationLevel' }
      ]
    }
  },
  evidence: [
    { name: 'LE1: Werkinstructies lezen', genre: 'Toets' },
    { name: 'LE2: Melden', genre: 'Praktijkleren (beoordeeld op de werkplek)', audience: 'Logistiek Hengelo BV' },
    { name: 'LE3: Iets anders', genre: 'Rollenspel' }
  ]
}

t.test('the facts of a credential document', async (t) => {
  const facts = readCredentialFacts(DOCUMENT)
  t.same(facts, {
    name: 'Nederlands op de werkvloer (1F)',
    issuerName: 'ROC van Twente',
    issuedOn: '2026-10-14T10:00:00Z',
    validUntil: '2031-10-14T10:00:00Z',
    hours: 8,
    assessed: [
      { part: 'LE1: Werkinstructies lezen', assessment: 'test', genre: 'Toets', hostCompany: null },
      { part: 'LE2: Melden', assessment: 'workplace', genre: 'Praktijkleren (beoordeeld op de werkplek)', hostCompany: 'Logistiek Hengelo BV' },
      { part: 'LE3: Iets anders', assessment: undefined, genre: 'Rollenspel', hostCompany: null }
    ],
    results: [
      { part: 'LE1 Werkinstructies lezen', kind: 'status', value: 'Completed' },
      { part: 'LE1 Werkinstructies lezen', kind: 'grade', value: 'goed' },
      { part: 'LE2 Melden', kind: 'score', value: '0.8' }
    ],
    skills: { vocational: ['Orderpicken', 'Heftruck rijden'], basic: [{ name: 'Lezen op 1F', level: '1F', framework: 'Referentiekader taal en rekenen' }] }
  })
  t.same(readCredentialFacts({}), { name: '—', issuerName: null, issuedOn: null, validUntil: null, hours: null, assessed: [], results: [], skills: { vocational: [], basic: [] } }, 'nothing guessed')
  t.same(mergeSkills([facts.skills, facts.skills]), facts.skills, 'each skill once')
})

t.test('the page model: levels, results and assessments in words, skills from genuine credentials only', async (t) => {
  const checked = (verdict: 'genuine' | 'revoked') => ({
    share: { expiresAt: '2027-01-04T00:00:00Z' },
    participant: { displayName: 'Fatima B.' },
    checkedAt: new Date(),
    credentials: [{ row: { id: 'crd_1', issuedAt: '2026-10-14T10:00:00Z' }, result: { credential: DOCUMENT }, verdict }]
  }) as any
  const nl = sharePageModel(checked('genuine'), 'nl')
  t.same(nl.basic, ['Lezen op 1F: basisniveau (1F)'])
  t.same(nl.vocational, ['Orderpicken', 'Heftruck rijden'])
  t.same(nl.credentials[0]!.results, ['LE1 Werkinstructies lezen: behaald', 'LE1 Werkinstructies lezen: goed', 'LE2 Melden: 80%'])
  t.same(nl.credentials[0]!.assessed, ['LE1: Werkinstructies lezen: toets', 'LE2: Melden: leren op de werkplek (praktijkleren) bij Logistiek Hengelo BV', 'LE3: Iets anders: Rollenspel'])
  t.equal(nl.credentials[0]!.issuedOn, '14 oktober 2026')
  t.equal(nl.credentials[0]!.validUntil, '14 oktober 2031')
  t.equal(nl.linkUntil, 'Deze link werkt tot 4 januari 2027.')
  const en = sharePageModel(checked('genuine'), 'en')
  t.same(en.basic, ['Lezen op 1F: basic level (1F)'])
  t.equal(en.credentials[0]!.results[0], 'LE1 Werkinstructies lezen: passed')
  const revoked = sharePageModel(checked('revoked'), 'nl')
  t.same([revoked.basic, revoked.vocational], [[], []])
  t.match(revoked.summary, { tone: 'bad', text: 'Let op: 1 van de 1 bewijzen is niet (meer) geldig. Kijk hieronder.' })
})
