import { useId, useState, type FormEvent } from 'react';
import { WORKFLOW_TRIGGERS, type ConditionOp, type WorkflowAction, type WorkflowCondition, type WorkflowTriggerKind } from '@guildhall/automation';
import type { Me } from '../api/types.js';
import { useSaveWorkflow, useWorkflowHistory, useWorkflowRuns, useWorkflows, type WorkflowView } from '../api/custom-commands.js';
import { ActionList } from '../components/ActionFields.js';
import { announce } from '../components/announce.js';
import { Empty, ErrorNote, Loading, Time } from '../components/bits.js';
import { FormButtons } from '../components/FormButtons.js';
import { NewButton, useInlineEditor, type InlineEditorProps } from '../components/inline-editor.js';
import { Options } from '../components/Options.js';

type Guild = Me['guilds'][number];
const OPS: ConditionOp[] = ['equals', 'not-equals', 'contains', 'not-contains', 'starts-with', 'greater-than', 'less-than'];
const TRIGGER_LABEL: Record<WorkflowTriggerKind, string> = { 'member-joined': 'a member joins', 'message-posted': 'a message is posted', 'case-opened': 'a moderation case is opened' };

type Draft = { name: string; enabled: boolean; trigger: WorkflowTriggerKind; conditions: WorkflowCondition[]; actions: WorkflowAction[] };
const empty: Draft = { name: '', enabled: true, trigger: 'member-joined', conditions: [], actions: [{ kind: 'post', channelId: '', content: 'Welcome {{user}}!' }] };

/** "When <trigger> and <conditions> then <actions>": the builder. */
const Builder = ({ guild, editing, onDone, heading }: { guild: Guild } & InlineEditorProps<WorkflowView>) => {
  const [d, setD] = useState<Draft>(editing ? { ...editing.definition } : empty);
  const save = useSaveWorkflow(guild.id);
  const id = useId();
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  const fields: readonly string[] = WORKFLOW_TRIGGERS[d.trigger];
  const setCondition = (i: number, patch: Partial<WorkflowCondition>) => set({ conditions: d.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await save.mutateAsync({ id: editing?.workflowId ?? null, definition: d, ...(editing ? { expectedVersion: editing.version } : {}) });
    announce(`Saved workflow “${d.name}”.`);
    onDone();
  };
  return (
    <form className="card form" onSubmit={(e) => void submit(e).catch(() => undefined)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>{editing ? `Edit “${editing.definition.name}” (version ${editing.version})` : 'New workflow'}</h2>
      <label>
        Name
        <input value={d.name} onChange={(e) => set({ name: e.target.value })} required maxLength={100} />
      </label>
      <label className="check">
        <input type="checkbox" checked={d.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> enabled
      </label>
      <label>
        When
        <select value={d.trigger} onChange={(e) => set({ trigger: e.target.value as WorkflowTriggerKind, conditions: [] })}>
          <Options choices={Object.entries(TRIGGER_LABEL)} />
        </select>
      </label>
      <fieldset>
        <legend>And (every condition must hold)</legend>
        {d.conditions.map((c, i) => (
          <div key={i} className="row">
            <label>
              Field
              <select value={c.field} onChange={(e) => setCondition(i, { field: e.target.value })}>
                <Options choices={fields} />
              </select>
            </label>
            <label>
              Test
              <select value={c.op} onChange={(e) => setCondition(i, { op: e.target.value as ConditionOp })}>
                <Options choices={OPS} />
              </select>
            </label>
            <label>
              Value
              <input value={c.value} onChange={(e) => setCondition(i, { value: e.target.value })} maxLength={500} />
            </label>
            <button type="button" onClick={() => set({ conditions: d.conditions.filter((_, j) => j !== i) })}>
              Remove condition {i + 1}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set({ conditions: [...d.conditions, { field: fields[0]!, op: 'equals', value: '' }] })} disabled={d.conditions.length >= 10}>
          Add condition
        </button>
      </fieldset>
      <fieldset>
        <legend>Then</legend>
        <ActionList actions={d.actions} kinds={['post', 'give-role', 'dm']} options={[]} checkId={id} min={1} added={{ kind: 'dm', content: '' }} onChange={(actions) => set({ actions })} />
      </fieldset>
      <ErrorNote error={save.error} />
      <FormButtons submit={editing ? 'Save new version' : 'Create'} busy={save.isPending} onCancel={onDone} />
    </form>
  );
};

/** Each run's trace: the trigger, each condition's result, each action's outcome. */
const Runs = ({ guild, workflow }: { guild: Guild; workflow: WorkflowView }) => {
  const runs = useWorkflowRuns(guild.id, workflow.workflowId);
  const history = useWorkflowHistory(guild.id, workflow.workflowId);
  return (
    <section className="card" aria-labelledby={`runs-${workflow.workflowId}`}>
      <h3 id={`runs-${workflow.workflowId}`}>Runs of “{workflow.definition.name}”</h3>
      {runs.isPending || history.isPending ? <Loading what="runs" /> : null}
      <ErrorNote error={runs.error ?? history.error} />
      {runs.data?.runs.length === 0 ? <Empty>No runs yet.</Empty> : null}
      <ol>
        {(runs.data?.runs ?? []).map((r) => (
          <li key={r.runId}>
            <Time at={r.startedAt} /> — {r.trigger?.kind} by {r.trigger?.userName} (version {r.version}):{' '}
            <b>{r.status === 'running' ? 'running' : r.matched ? 'matched' : 'conditions not met'}</b>
            <ul>
              {r.conditions.map((c) => (
                <li key={c.index}>
                  {c.passed ? '✓' : '✗'} <code>{c.field}</code> {c.op} “{c.expected}” (was “{c.actual}”)
                </li>
              ))}
              {r.actions.map((a) => (
                <li key={a.actionId}>
                  {a.kind}: {a.status}
                  {a.detail ? ` — ${a.detail}` : ''}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      <h4>Versions</h4>
      <ol reversed>
        {(history.data?.versions ?? []).map((v) => (
          <li key={v.version}>
            Version {v.version} — {v.change} by {v.by.name}, <Time at={v.at} />
            {v.changes.length ? ` (${v.changes.map((c) => c.field).join(', ')})` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
};

export const WorkflowsPage = ({ guild }: { guild: Guild }) => {
  const list = useWorkflows(guild.id);
  const editor = useInlineEditor<WorkflowView>((w) => `${w.workflowId}-${w.version}`);
  const [shownId, setShownId] = useState<string | null>(null);
  const workflows = list.data?.workflows ?? [];
  const shown = workflows.find((w) => w.workflowId === shownId);
  return (
    <section>
      <h1>Workflows</h1>
      <ErrorNote error={list.error} />
      {editor.isOpen ? <Builder key={editor.key} guild={guild} {...editor.props} /> : <NewButton editor={editor}>New workflow</NewButton>}
      {list.isPending ? <Loading what="workflows" /> : null}
      {list.data && workflows.length === 0 ? <Empty>No workflow yet: New workflow builds one (when something happens, if conditions hold, then act).</Empty> : null}
      {workflows.length ? (
        <ul className="card">
          {workflows.map((w) => (
            <li key={w.workflowId}>
              <b>{w.definition.name}</b> {w.definition.enabled ? '' : <span className="muted">(disabled)</span>} — when {TRIGGER_LABEL[w.definition.trigger]}
              {w.definition.conditions.length ? ` and ${w.definition.conditions.length} condition(s)` : ''}, then {w.definition.actions.map((a) => a.kind).join(', ')}. Version {w.version}.{' '}
              <button type="button" onClick={() => editor.open(w)}>
                Edit {w.definition.name}
              </button>
              <button type="button" onClick={() => setShownId(shownId === w.workflowId ? null : w.workflowId)} aria-expanded={shownId === w.workflowId}>
                Runs and versions
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {shown ? <Runs guild={guild} workflow={shown} /> : null}
    </section>
  );
};
