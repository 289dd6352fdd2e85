// decoding is shared with the issuing side: one implementation of the W3C encoding
export { decodeStatusList as decodeEncodedList, StatusListError as StatusListDecodeError, MIN_STATUS_LIST_BITS } from '../status-lists/bitstring.ts'

/**
 * The status value of `size` bits starting at bit `index * size`. Bit 0 is the left-most
 * (most significant) bit of the first byte, as the W3C specification says.
 */
export function readStatusValue (bits: Uint8Array, index: number, size = 1): number {
  let value = 0
  for (let i = 0; i < size; i++) {
    const position = index * size + i
    const byte = bits[position >> 3]
    if (byte === undefined) throw new RangeError(`bit ${position} is outside the list`)
    value = (value << 1) | ((byte >> (7 - (position & 7))) & 1)
  }
  return value
}
