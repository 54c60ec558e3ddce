import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileGoTimeLayout } from '../src/go-time-layout.js';

// Wednesday 9 October 2019, 14:59:55.123 UTC: day 282 of the year.
const WHEN = new Date(Date.UTC(2019, 9, 9, 14, 59, 55, 123));
const utc = (layout: string, date = WHEN): string => compileGoTimeLayout(layout).format(date, true);

describe('Go reference-time layouts', () => {
  it('renders the layouts of the Granitic presets', () => {
    assert.equal(utc('02/Jan/2006:15:04:05 Z0700'), '09/Oct/2019:14:59:55 Z');
    assert.equal(utc('[02/Jan/2006:15:04:05 -0700]'), '[09/Oct/2019:14:59:55 +0000]');
  });

  it('renders every date token', () => {
    assert.equal(utc('2006 06 01 1 Jan January 02 2 _2 002 __2'), '2019 19 10 10 Oct October 09 9  9 282 282');
    assert.equal(utc('Mon Monday'), 'Wed Wednesday');
    const early = new Date(Date.UTC(2021, 0, 5, 3, 7, 9));
    assert.equal(utc('01 1 02 2 _2 002 __2', early), '01 1 05 5  5 005   5');
  });

  it('renders every clock token', () => {
    assert.equal(utc('15 03 3 04 4 05 5 PM pm'), '14 02 2 59 59 55 55 PM pm');
    const morning = new Date(Date.UTC(2021, 0, 5, 0, 7, 9));
    assert.equal(utc('15 03 3 04 4 05 5 PM pm', morning), '00 12 12 07 7 09 9 AM am');
  });

  it('renders fractional seconds with fixed (0) and trimmed (9) digits, dot or comma', () => {
    assert.equal(utc('05.000'), '55.123');
    assert.equal(utc('05,000000'), '55,123000');
    assert.equal(utc('05.999999'), '55.123');
    assert.equal(utc('05.9', new Date(Date.UTC(2019, 0, 1, 0, 0, 1))), '01');
    assert.equal(utc('05.0', new Date(Date.UTC(2019, 0, 1, 0, 0, 1))), '01.0');
    // A run of zeros followed by another digit is not a fraction, as in Go: '.0' stays, '01' is the month.
    assert.equal(utc('.001'), '.010');
  });

  it('renders every zone token in UTC (Z forms print Z)', () => {
    assert.equal(utc('MST|-0700|-07:00|-07|-070000|-07:00:00'), 'UTC|+0000|+00:00|+00|+000000|+00:00:00');
    assert.equal(utc('Z0700|Z07:00|Z07|Z070000|Z07:00:00'), 'Z|Z|Z|Z|Z');
  });

  it('renders offsets in local time', () => {
    const date = new Date(Date.UTC(2020, 3, 28, 12, 31, 5));
    const offset = -date.getTimezoneOffset();
    const sign = offset < 0 ? '-' : '+';
    const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
    const mm = String(Math.abs(offset) % 60).padStart(2, '0');
    const local = compileGoTimeLayout('-0700 -07:00 Z07:00 15').format(date, false);
    const iso = offset === 0 ? 'Z' : `${sign}${hh}:${mm}`;
    assert.equal(local, `${sign}${hh}${mm} ${sign}${hh}:${mm} ${iso} ${String(date.getHours()).padStart(2, '0')}`);
  });

  it('copies text that is not a token, including look-alikes Go does not take', () => {
    assert.equal(utc('Janx Mond day: T'), 'Janx Mond day: T');
    assert.equal(utc('_2006'), '_2019');
    assert.equal(utc('2006-01-02T15:04:05Z07:00'), '2019-10-09T14:59:55Z');
  });
});
