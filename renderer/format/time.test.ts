// The one time format: absolute to the millisecond in local time, relative in the largest whole unit, a
// future timestamp said as such, unknown times as a dash.

import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { formatAbsolute, formatRelative, isKnownTime } from './time.ts';
import { Timestamp } from './Timestamp.tsx';

describe('time format', () => {
  const at = new Date(2026, 11, 1, 21, 4, 9, 7).getTime();

  it('absolute: local date and time to the millisecond', () => {
    expect(formatAbsolute(at)).toBe('2026-12-01 21:04:09.007');
  });

  it('relative: the largest whole unit, past and future', () => {
    expect(formatRelative(at, at + 400)).toBe('just now');
    expect(formatRelative(at, at + 12_500)).toBe('12 s ago');
    expect(formatRelative(at, at + 3 * 60_000 + 59_000)).toBe('3 min ago');
    expect(formatRelative(at, at + 5 * 3_600_000)).toBe('5 h ago');
    expect(formatRelative(at, at + 2 * 86_400_000)).toBe('2 d ago');
    expect(formatRelative(at + 2 * 3_600_000, at)).toBe('in 2 h');
  });

  it('renders relative with the absolute time on hover; unknown times as a dash', () => {
    const html = renderToStaticMarkup(createElement(Timestamp, { ms: Date.now() - 5000 }));
    expect(html).toMatch(/^<time datetime="[^"]+Z" title="\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}">\d+ s ago<\/time>$/i);
    expect(renderToStaticMarkup(createElement(Timestamp, { ms: at, both: true }))).toContain('2026-12-01 21:04:09.007 (');
    expect(renderToStaticMarkup(createElement(Timestamp, { ms: -1 }))).toBe('<span>–</span>');
    expect(isKnownTime(0)).toBe(false);
  });
});
