// Moving a partition's replica to another broker (AlterPartitionReassignments): the partition table's
// "Reassignment" cell shows a move in flight (replicas joining and leaving) with Cancel move, or else
// "Move replica", which opens a dialog to pick the replica's broker and the broker it moves to, then
// confirms what will happen. The dialog lives in a table cell: its text must wrap as normal text does.

import { useState } from 'react';
import type { PartitionInfo } from '../../../app/contract.ts';
import { reassignPartition } from '../../store/reassign.actions.ts';
import { moveTarget, selectReassignment } from '../../store/reassign.slice.ts';
import { selectBrokers } from '../../store/cluster.slice.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Field } from '../../components/Field.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { errorOf, type ShownError } from '../../store/errors.ts';

const list = (ids: readonly number[]) => ids.join(', ');

/** The move in flight on a partition: the replicas being added (catching up) and removed (when they have). */
export function ReassignmentState({ topic, partition }: { topic: string; partition: number }) {
  const r = useAppState((s) => selectReassignment(s, topic, partition));
  if (!r) return null;
  return (
    <span aria-label={`Partition ${partition} reassignment`}>
      <span className="tag">moving</span>
      {r.addingReplicas.length > 0 && <span> adding <code>{list(r.addingReplicas)}</code></span>}
      {r.removingReplicas.length > 0 && <span> removing <code>{list(r.removingReplicas)}</code></span>}
    </span>
  );
}

export function MoveReplica({ topic, partition }: { topic: string; partition: PartitionInfo }) {
  const { store, bridge } = useApp();
  const brokers = useAppState(selectBrokers);
  const moving = useAppState((s) => selectReassignment(s, topic, partition.partition));
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const p = partition.partition;
  const candidates = brokers.filter((b) => !partition.replicas.includes(b.id));
  const target = from !== null && to !== null ? moveTarget(partition.replicas, from, to) : null;

  const start = () => {
    setFrom(partition.replicas[0] ?? null);
    setTo(candidates[0]?.id ?? null);
    setConfirming(false);
    setError(null);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    setConfirming(false);
  };
  const submit = async (replicas: number[] | null) => {
    setBusy(true);
    try {
      await reassignPartition(store, bridge, topic, p, replicas);
      close();
    } catch (e) {
      setError(errorOf(e));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  if (moving) {
    return (
      <span className="inline-form">
        <ReassignmentState topic={topic} partition={p} />
        <button type="button" aria-label={`Cancel the move of partition ${p}`} disabled={busy} onClick={() => void submit(null)}>Cancel move</button>
        <InlineError error={error} />
      </span>
    );
  }
  return (
    <>
      <button type="button" aria-label={`Move a replica of partition ${p}`} onClick={start}>Move replica</button>
      <Dialog title={`Move a replica of ${topic}-${p}`} open={open} onClose={close}>
        <div style={{ whiteSpace: 'normal' }}>
        {!confirming ? (
          <form className="dialog-body" aria-label="Move replica" onSubmit={(e) => { e.preventDefault(); if (target) setConfirming(true); }}>
            <Field label="Replica on broker">
              <select value={from ?? ''} onChange={(e) => setFrom(Number(e.target.value))}>
                {partition.replicas.map((b) => <option key={b} value={b}>broker {b}{b === partition.leader ? ' (leader)' : ''}</option>)}
              </select>
            </Field>
            <Field label="Move to broker">
              <select value={to ?? ''} onChange={(e) => setTo(Number(e.target.value))} disabled={candidates.length === 0}>
                {candidates.map((b) => <option key={b.id} value={b.id}>broker {b.id}{b.state !== 'running' ? ` (${b.state})` : ''}</option>)}
              </select>
            </Field>
            {candidates.length === 0 && <p className="muted">Every broker already holds a replica of this partition. Add a broker to move one.</p>}
            <InlineError error={error} />
            <div className="dialog-actions">
              <button type="button" onClick={close}>Cancel</button>
              <button type="submit" className="primary" disabled={!target}>Review move</button>
            </div>
          </form>
        ) : target && from !== null && to !== null && (
          <>
            <div className="dialog-body" aria-label="What happens">
              <p>Replicas of {topic}-{p} go from <code>{list(partition.replicas)}</code> to <code>{list(target)}</code>.</p>
              <p>Broker {to} copies the partition from the leader as a new follower. Once it is in sync (in the ISR),
                broker {from} leaves the partition and deletes its copy of the data.</p>
              {from === partition.leader && <p>Broker {from} leads this partition now: leadership moves to another replica when it leaves.</p>}
              <p>Until then nothing changes for clients, and the move can be cancelled.</p>
            </div>
            <div className="dialog-actions">
              <button type="button" onClick={() => setConfirming(false)}>Back</button>
              <button type="button" className="primary" disabled={busy} onClick={() => void submit(target)} autoFocus>
                {busy ? 'Moving…' : `Move to broker ${to}`}
              </button>
            </div>
          </>
        )}
        </div>
      </Dialog>
    </>
  );
}
