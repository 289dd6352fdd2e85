import t from 'tap'
import { createHash } from 'node:crypto'
import { hashedName, nameMatches, normaliseName, subjectIdOf } from '../src/features/credentials/identity.ts'

/** The rule written out in full, for every name: NFC, trimmed, inner whitespace folded, Dutch lower case. */
const byTheRule = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl-NL')

t.test('names normalise by the same rule, whatever characters they hold', async (t) => {
  const names = [
    'Fatima B.', '  fatima   B. ', 'HENK DE VRIES', "Noor El A. O'Brien-Smit", '', '   ', 'A\tB', 'Ümit  Çelik',
    'IJsbrand van ’t Hof', 'Zoë de Wit', 'Cafe\u0301 Ĳssel', 'line\nbreak', 'İlkay'
  ]
  for (const name of names) t.equal(normaliseName(name), byTheRule(name), JSON.stringify(name))
})

t.test('the name hash and the subject id are SHA-256 as documented', async (t) => {
  const salt = '00112233445566778899aabbccddeeff'
  const identity = hashedName(' Fatima  B. ', salt)
  t.equal(identity.identityHash, 'sha256$' + createHash('sha256').update('fatima b.' + salt).digest('hex'))
  t.ok(nameMatches(identity, 'FATIMA B.'))
  const salts = new Set(Array.from({ length: 600 }, () => hashedName('x').salt))
  t.equal(salts.size, 600, 'a fresh salt each time')
  t.ok([...salts].every((s) => /^[0-9a-f]{32}$/.test(s)))
  // RFC 9562 version 8: the first 128 bits of the hash with version 8 and the variant bits set
  const h = createHash('sha256').update('stapsteen:subject:ppt_1').digest()
  h[6] = (h[6]! & 0x0f) | 0x80
  h[8] = (h[8]! & 0x3f) | 0x80
  const hex = h.subarray(0, 16).toString('hex')
  t.equal(subjectIdOf('ppt_1'), `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`)
  t.match(subjectIdOf('ppt_1'), /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  t.not(subjectIdOf('ppt_2'), subjectIdOf('ppt_1'))
})
