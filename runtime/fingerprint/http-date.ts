/**
 * HTTP `Date` parsing as p0f 3.09b does it with glibc `strptime(v, "%a, %d %b %Y %H:%M:%S %Z")`
 * and `mktime`, but deterministic: the fields are read as UTC and no DST guess is applied
 * (3.09b leaves `tm_isdst` uninitialised; see docs/deviations.md). Returns the epoch
 * seconds as an unsigned 32-bit number, 0 meaning "no date".
 */

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

/** A cursor over the value; every step returns false on mismatch. */
class Cursor {
  position = 0;
  constructor(readonly text: string) {}

  skipSpaces(): void {
    while (isSpace(this.text[this.position])) this.position++;
  }

  literal(c: string): boolean {
    if (this.text[this.position] !== c) return false;
    this.position++;
    return true;
  }

  /** glibc `get_number`: skip blanks, then digits while the value could still grow within range. */
  number(from: number, to: number, maxDigits: number): number | null {
    this.skipSpaces();
    const digit = (): number => {
      const c = this.text.charCodeAt(this.position);
      return c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
    };
    if (digit() < 0) return null;
    let value = 0;
    let remaining = maxDigits;
    do {
      value = value * 10 + digit();
      this.position++;
    } while (--remaining > 0 && value * 10 <= to && digit() >= 0);
    return value < from || value > to ? null : value;
  }

  /** Full or abbreviated English name, case-insensitive, longest first. */
  name(names: readonly string[]): number | null {
    const rest = this.text.slice(this.position).toLowerCase();
    for (let i = 0; i < names.length; i++) {
      if (rest.startsWith(names[i])) {
        this.position += names[i].length;
        return i;
      }
    }
    for (let i = 0; i < names.length; i++) {
      if (rest.startsWith(names[i].slice(0, 3))) {
        this.position += 3;
        return i;
      }
    }
    return null;
  }
}

/** Days since 1970-01-01 of a proleptic Gregorian date; month may be any integer (normalised). */
function daysFromCivil(year: number, month0: number, day: number): number {
  const y0 = year + Math.floor(month0 / 12);
  const m = ((month0 % 12) + 12) % 12 + 1;
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function parseHttpDate(value: string): number {
  const cursor = new Cursor(value);
  if (cursor.name(WEEKDAYS) === null) return 0;
  if (!cursor.literal(',')) return 0;
  cursor.skipSpaces();
  const day = cursor.number(1, 31, 2);
  if (day === null) return 0;
  cursor.skipSpaces();
  const month = cursor.name(MONTHS);
  if (month === null) return 0;
  cursor.skipSpaces();
  const year = cursor.number(0, 9999, 4);
  if (year === null) return 0;
  cursor.skipSpaces();
  const hour = cursor.number(0, 23, 2);
  if (hour === null || !cursor.literal(':')) return 0;
  const minute = cursor.number(0, 59, 2);
  if (minute === null || !cursor.literal(':')) return 0;
  const second = cursor.number(0, 61, 2);
  if (second === null) return 0;
  // `%Z` accepts any word or nothing and is ignored; so is everything after it.
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return Number(BigInt.asUintN(32, BigInt(seconds)));
}
