// Types for scripts/build-serve.mjs (imported by the benchmarks).
export declare const SERVE_DIR: string;
export declare const SERVE_ENTRY: string;
export declare function serveBuildIsFresh(): boolean;
export declare function buildServe(): Promise<void>;
export declare function ensureServeBuild(log: (message: string) => void): Promise<string>;
