import { describe, expect, it } from 'vitest';
import { parseSummary, testOutput } from './librdkafka-suite-runner.ts';

// The runner's summary table as test-runner prints it: coloured, one row per test, reasons after the last bar.
const SUMMARY = [
  '\x1b[0mTEST 20261201212131 (bare, scenario default) SUMMARY',
  '#==================================================================#',
  '|\x1b[32m <MAIN>                                   |     PASSED | 299.013s \x1b[0m|',
  '|\x1b[32m 0012_produce_consume                     |     PASSED |   5.601s \x1b[0m|',
  '|\x1b[31m 0081_admin                               |     FAILED | 195.400s \x1b[0m|\x1b[31m do_test_AlterConfigs:725: got INVALID_REQUEST\x1b[0m',
  '|\x1b[36m 0092_mixed_msgver                        |    SKIPPED |   0.000s \x1b[0m|\x1b[36m MsgVersion 1 was removed in Apache Kafka 4.0\x1b[0m',
  '[0012_produce_consume        /  1.000s] a line of the test itself',
].join('\n');

describe('librdkafka suite summary', () => {
  it('reads each test row, its state, duration and reason, and not <MAIN>', () => {
    const v = parseSummary(SUMMARY);
    expect([...v.keys()]).toEqual(['0012_produce_consume', '0081_admin', '0092_mixed_msgver']);
    expect(v.get('0012_produce_consume')).toEqual({ name: '0012_produce_consume', state: 'PASSED', seconds: 5.601, reason: '' });
    expect(v.get('0081_admin')).toMatchObject({ state: 'FAILED', reason: 'do_test_AlterConfigs:725: got INVALID_REQUEST' });
    expect(v.get('0092_mixed_msgver')).toMatchObject({ state: 'SKIPPED', reason: 'MsgVersion 1 was removed in Apache Kafka 4.0' });
  });

  it('a truncated table yields only the rows it holds', () => {
    expect(parseSummary(SUMMARY.slice(0, SUMMARY.indexOf('0081_admin') + 4)).size).toBe(1);
  });

  it("picks one test's own lines for a failure message", () => {
    expect(testOutput(SUMMARY, '0012_produce_consume')).toBe('[0012_produce_consume        /  1.000s] a line of the test itself');
  });
});
