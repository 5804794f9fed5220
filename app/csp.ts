// The Content-Security-Policy of every page the app serves: sent by the web host with each file and by
// Electron main as a header on every response. renderer/index.html carries the same policy in a meta tag
// (minus frame-ancestors, which browsers ignore there) for pages loaded from file://.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
