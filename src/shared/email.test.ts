import { describe, expect, it } from 'vitest';
import { isEmailAddress, MAX_EMAIL_LENGTH } from './email.js';

describe('an e-mail address is what every mail server delivers', () => {
  it.each([
    ['jan@voorbeeld.nl', 'plain'],
    ['jan.de.vries@example.nl', 'dots between words'],
    ['jan+buurtkracht@example.nl', 'a plus tag'],
    ['fatima_bakkali-2@example.nl', 'underscore, hyphen and digits'],
    ["o'brien@example.ie", 'an apostrophe'],
    ['wijkteam@post.zoetermeer.nl', 'a subdomain'],
    ['info@gemeente-den-haag.nl', 'hyphens in the domain'],
    ['j@x.nl', 'one letter each side'],
    ['JAN@VOORBEELD.NL', 'capitals (callers lower-case; the rule does not care)'],
    ['jan@123.example.nl', 'a label of digits'],
    ['jan@café.nl', 'an internationalised domain (sent as xn--caf-dma.nl)'],
    ['jan@bücher.example', 'an internationalised domain label among ASCII ones'],
    ['post@example.xn--p1ai', 'a punycode top-level domain'],
    [`${'a'.repeat(64)}@example.nl`, 'a local part of 64 characters'],
  ])('accepts %s (%s)', (address) => {
    expect(isEmailAddress(address)).toBe(true);
  });

  it.each([
    ['jan@voorbeeld.c', 'a one-letter top-level domain'],
    ['jan..de.vries@example.nl', 'two dots in a row'],
    ['<x@y.nl>', 'angle brackets'],
    ['.jan@example.nl', 'a dot at the start'],
    ['jan.@example.nl', 'a dot before the @'],
    ['jan@voorbeeld', 'no top-level domain'],
    ['jan@.nl', 'an empty label'],
    ['jan@voorbeeld..nl', 'two dots in the domain'],
    ['jan@voorbeeld.nl.', 'a dot at the end'],
    ['jan@-voorbeeld.nl', 'a label starting with a hyphen'],
    ['jan@voorbeeld-.nl', 'a label ending with a hyphen'],
    ['jan@voorbeeld.123', 'a numeric top-level domain'],
    ['jan@[192.168.1.1]', 'an IP address'],
    ['jan de vries@example.nl', 'a space'],
    [' jan@example.nl', 'a leading space (callers trim)'],
    ['jan@exam ple.nl', 'a space in the domain'],
    ['jan@example.nl\n', 'a line break'],
    ['jan\u0000@example.nl', 'a NUL byte'],
    ['"jan de vries"@example.nl', 'a quoted local part'],
    ['jan(werk)@example.nl', 'a comment'],
    ['jan@example.nl, piet@example.nl', 'two addresses'],
    ['jan', 'no @'],
    ['@example.nl', 'nothing before the @'],
    ['jan@', 'nothing after the @'],
    ['jan@piet@example.nl', 'two @'],
    ['jän@example.nl', 'a non-ASCII local part (needs SMTPUTF8)'],
    ['jan@voorbeeld。nl', 'a dot of another script'],
    ['jan@ｖｏｏｒｂｅｅｌｄ.nl', 'full-width letters (IDNA would change them)'],
    [`${'a'.repeat(65)}@example.nl`, 'a local part over 64 characters'],
    [`jan@${'a'.repeat(64)}.nl`, 'a label over 63 characters'],
    [`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.nl`, 'over 254 characters'],
    ['', 'empty'],
  ])('refuses %j (%s)', (address) => {
    expect(isEmailAddress(address)).toBe(false);
  });

  it('allows exactly the length a mail server carries', () => {
    const longest = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.nl`;
    expect(longest.length).toBe(MAX_EMAIL_LENGTH);
    expect(isEmailAddress(longest)).toBe(true);
    expect(isEmailAddress(`a${longest}`)).toBe(false);
  });
});
