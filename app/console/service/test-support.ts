// Shared by the console tests: calling the console the way a transport does, failing on an error result, and
// holding every answer to its method's response shape in the contract (so the shapes stay true).

import { parseShape } from '../../contract-schema.ts';
import { METHODS, type CallResult, type MethodName } from '../../contract.ts';
import type { Backend } from './start.ts';

export function consoleCaller(backend: () => Backend) {
  const ctx = { clientId: 'test' };
  const call = async (method: MethodName, request?: unknown) => {
    const r = await backend().console.dispatch(method, request, ctx);
    if (r.ok) {
      const checked = parseShape(METHODS[method].response, r.value);
      if (!checked.ok) {
        const { field, expected, got } = checked.mismatch;
        throw new Error(`${method} answered outside its contract: ${field || 'the response'} must be ${expected}, got ${got}`);
      }
    }
    return r as CallResult<MethodName>;
  };
  const ok = async <T>(method: MethodName, request?: unknown): Promise<T> => {
    const r = await call(method, request);
    if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
    return r.value as T;
  };
  return { call, ok };
}
