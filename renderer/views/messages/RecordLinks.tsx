// Ways to take a record elsewhere: a permalink (this window's address pointed at the record; the token
// stays in the query, the place in the hash), the record as JSON, and the kcat command that fetches exactly
// it from the cluster.

import { useState } from 'react';
import type { ConsumedRecord } from '../../../app/contract.ts';
import { formatRoute } from '../../router.ts';
import { useAppState } from '../../store/context.ts';

const shellQuote = (s: string) => (/^[\w.,:/-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function kcatCommand(bootstrap: string, topic: string, r: { partition: number; offset: number }): string {
  return `kcat -b ${shellQuote(bootstrap)} -C -t ${shellQuote(topic)} -p ${r.partition} -o ${r.offset} -c 1 -e -J`;
}

export function recordPermalink(href: string, topic: string, r: { partition: number; offset: number }): string {
  return href.replace(/#.*$/, '') + formatRoute({ screen: 'messages', topic, partition: r.partition, offset: r.offset });
}

export function RecordLinks({ topic, record }: { topic: string; record: ConsumedRecord }) {
  const bootstrap = useAppState((s) => s.overview?.bootstrapServers ?? '127.0.0.1:9092');
  const [copied, setCopied] = useState<string | null>(null);
  const copy = (what: string, text: string) => {
    void navigator.clipboard?.writeText(text).then(() => setCopied(what), () => setCopied(`${what}: copy refused, select it below`));
    setCopied(what);
  };
  return (
    <div className="record-links" role="group" aria-label="Copy this record">
      <button type="button" onClick={() => copy('Link', recordPermalink(window.location.href, topic, record))}>Copy link</button>
      <button type="button" onClick={() => copy('JSON', JSON.stringify({ topic, ...record }, null, 2))}>Copy as JSON</button>
      <button type="button" onClick={() => copy('kcat command', kcatCommand(bootstrap, topic, record))}>Copy kcat command</button>
      {copied && <span className="muted" role="status">{copied} copied</span>}
    </div>
  );
}
