// Shared by the console tests: calling the console the way a transport does, failing on an error result.

import type { CallResult, MethodName } from '../../contract.ts';
import type { Backend } from './start.ts';

export function consoleCaller(backend: () => Backend) {
  const ctx = { clientId: 'test' };
  const call = async (method: MethodName, request?: unknown) => backend().console.dispatch(method, request, ctx) as Promise<CallResult<MethodName>>;
  const ok = async <T>(method: MethodName, request?: unknown): Promise<T> => {
    const r = await call(method, request);
    if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
    return r.value as T;
  };
  return { call, ok };
}
