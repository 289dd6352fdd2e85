import t from 'tap'
import {
  checkSkillLevel, compareLevels, frameworkOf, highestLevel, levelRank, levelsFor, meetsLevel
} from '../src/features/catalogue/levels.ts'

t.test('levelsFor lists each domain\'s levels, lowest first per framework', async (t) => {
  t.same(levelsFor('language'), ['instroom', '1F', '2F', '3F', 'A1', 'A2', 'B1', 'B2'])
  t.same(levelsFor('numeracy'), ['instroom', '1F', '2F', '3F'])
  t.same(levelsFor('digital'), ['basis-1', 'basis-2', 'digcomp-1', 'digcomp-2', 'digcomp-3', 'digcomp-4',
    'digcomp-5', 'digcomp-6', 'digcomp-7', 'digcomp-8'])
})

t.test('frameworkOf names the framework, or undefined when the level does not fit the domain', async (t) => {
  t.equal(frameworkOf('language', 'instroom'), 'referentiekader')
  t.equal(frameworkOf('language', '2F'), 'referentiekader')
  t.equal(frameworkOf('language', 'B1'), 'cefr')
  t.equal(frameworkOf('numeracy', '1F'), 'referentiekader')
  t.equal(frameworkOf('numeracy', 'A2'), undefined, 'CEFR is for language only')
  t.equal(frameworkOf('digital', 'basis-2'), 'digitale-basisvaardigheden')
  t.equal(frameworkOf('digital', 'digcomp-8'), 'digcomp')
  t.equal(frameworkOf('digital', 'digcomp-9'), undefined)
  t.equal(frameworkOf('digital', '1F'), undefined)
  t.equal(frameworkOf('language', '1f'), undefined, 'levels are case-sensitive')
})

t.test('levelRank is the position on the level\'s own scale', async (t) => {
  t.equal(levelRank('language', 'instroom'), 0)
  t.equal(levelRank('language', '3F'), 3)
  t.equal(levelRank('language', 'A1'), 0)
  t.equal(levelRank('digital', 'digcomp-5'), 4)
  t.equal(levelRank('numeracy', 'B2'), undefined)
})

t.test('compareLevels orders levels of one framework and refuses to compare across frameworks', async (t) => {
  t.ok(compareLevels('language', 'instroom', '1F')! < 0, 'instroom is below 1F')
  t.ok(compareLevels('numeracy', '3F', '2F')! > 0)
  t.equal(compareLevels('language', '2F', '2F'), 0)
  t.ok(compareLevels('language', 'A2', 'B1')! < 0)
  t.ok(compareLevels('digital', 'digcomp-3', 'digcomp-2')! > 0)
  t.ok(compareLevels('digital', 'basis-1', 'basis-2')! < 0)
  t.equal(compareLevels('language', '1F', 'A2'), null, 'the F scale and CEFR are not comparable')
  t.equal(compareLevels('language', 'instroom', 'A1'), null)
  t.equal(compareLevels('digital', 'basis-2', 'digcomp-1'), null)
  t.equal(compareLevels('numeracy', '1F', 'A1'), null, 'a level outside the domain')
  t.equal(compareLevels('numeracy', 'zzz', 'zzz'), null, 'unknown levels are never equal')
})

t.test('meetsLevel says "at least level X"', async (t) => {
  t.equal(meetsLevel('language', '2F', '1F'), true)
  t.equal(meetsLevel('language', '1F', '1F'), true)
  t.equal(meetsLevel('language', 'instroom', '1F'), false)
  t.equal(meetsLevel('language', 'B2', '1F'), false, 'CEFR B2 does not prove 1F')
  t.equal(meetsLevel('digital', 'digcomp-4', 'digcomp-2'), true)
})

t.test('highestLevel picks the highest level reached on one framework', async (t) => {
  t.equal(highestLevel('language', 'referentiekader', ['1F', 'A2', 'instroom', '2F', 'B1']), '2F')
  t.equal(highestLevel('language', 'cefr', ['1F', 'A2', 'instroom', '2F', 'B1']), 'B1')
  t.equal(highestLevel('digital', 'digcomp', ['basis-2']), undefined)
  t.equal(highestLevel('numeracy', 'referentiekader', []), undefined)
})

t.test('checkSkillLevel: basic skills need a fitting domain and level, vocational skills have neither', async (t) => {
  t.same(checkSkillLevel('basic', 'language', '1F'), [])
  t.same(checkSkillLevel('basic', 'digital', 'digcomp-2'), [])
  t.same(checkSkillLevel('vocational', undefined, undefined), [])
  t.same(checkSkillLevel('vocational', null, null), [])
  t.match(checkSkillLevel('basic', undefined, undefined), [
    { pointer: '#/domain', code: 'domain-required' },
    { pointer: '#/level', code: 'level-required' }
  ])
  t.match(checkSkillLevel('basic', 'numeracy', undefined), [{ pointer: '#/level', code: 'level-required' }])
  t.equal(checkSkillLevel('basic', 'numeracy', undefined).length, 1)
  t.same(checkSkillLevel('basic', 'numeracy', 'A2'), [{
    pointer: '#/level',
    code: 'invalid-level',
    detail: 'level A2 does not fit domain numeracy; allowed: instroom, 1F, 2F, 3F'
  }])
  t.same(checkSkillLevel('basic', undefined, '1F'), [{
    pointer: '#/domain', code: 'domain-required', detail: 'a basic skill needs a domain: one of language, numeracy, digital'
  }], 'without a domain the level cannot be checked yet')
  t.match(checkSkillLevel('vocational', 'digital', 'basis-1'), [
    { pointer: '#/domain', code: 'not-for-vocational' },
    { pointer: '#/level', code: 'not-for-vocational' }
  ])
  t.match(checkSkillLevel('vocational', undefined, '2F'), [{ pointer: '#/level', code: 'not-for-vocational' }])
})
