/// <reference types="vite/client" />
// Views read the store and call actions; they never talk to the backend or write state themselves (the
// store's actions are the one data layer). Every file of every screen is read as text and checked.

import { describe, expect, it } from 'vitest';

const sources = import.meta.glob(['./**/*.ts', './**/*.tsx', '!./**/*.test.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe('views', () => {
  it('are read as text (the check below has something to check)', () => {
    expect(Object.keys(sources)).toContain('./messages/MessagesView.tsx');
    expect(Object.keys(sources).length).toBeGreaterThan(10);
  });

  it.each(['bridge.call', 'setState(', 'setInterval('])('never use %s (actions and usePoll do)', (needle) => {
    const offenders = Object.entries(sources).filter(([, text]) => text.includes(needle)).map(([file]) => file);
    expect(offenders).toEqual([]);
  });

  it('read shared lists through stable selectors, never an inline `?? []` (a new array each render loops React)', () => {
    const offenders = Object.entries(sources).filter(([, text]) => /useAppState\([^;\n]*\?\?\s*\[\]\)/.test(text)).map(([file]) => file);
    expect(offenders).toEqual([]);
  });
});
