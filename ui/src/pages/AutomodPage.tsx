import { useState, type FormEvent } from 'react';
import {
  useAutomodHits,
  useAutomodRuleHistory,
  useAutomodRules,
  useBacktest,
  useCreateAutomodRule,
  useSetAutomodRuleEnabled,
  useUpdateAutomodRule,
  type AutomodHitView,
  type AutomodRuleView,
} from '../api/automod.js';
import { useChannels } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { announce } from '../components/announce.js';
import { Badge, Empty, ErrorNote, Loading, Time } from '../components/bits.js';
import { DataTable } from '../components/DataTable.js';
import { FormButtons } from '../components/FormButtons.js';
import { NewButton, useInlineEditor, type InlineEditorProps } from '../components/inline-editor.js';
import { Options } from '../components/Options.js';
import { isAdminLevel } from '../nav.js';
import { definitionOf, emptyForm, formOf, type RuleForm } from './automod-form.js';

type Guild = Me['guilds'][number];

const TRIGGERS: readonly [RuleForm['trigger'], string][] = [
  ['invite-links', 'Invite links'],
  ['links', 'Links (allow or deny list)'],
  ['words', 'Words and patterns'],
  ['message-rate', 'Message rate (spam)'],
  ['duplicates', 'Duplicate messages'],
  ['mention-spam', 'Mention spam'],
  ['caps', 'Capitals'],
  ['raid', 'Raid (joins)'],
];
const ACTIONS: readonly [keyof RuleForm['actions'], string][] = [
  ['delete', 'Delete the message'],
  ['warn', 'Warn (opens a case)'],
  ['timeout', 'Time out'],
  ['kick', 'Kick'],
  ['ban', 'Ban'],
  ['alert', 'Alert the staff channel'],
];

/** The trigger's own fields. */
const TriggerFields = ({ f, set }: { f: RuleForm; set: (p: Partial<RuleForm>) => void }) => {
  const limitLabel: Partial<Record<RuleForm['trigger'], string>> = {
    'message-rate': 'More than this many messages from one member',
    duplicates: 'More than this many copies of one message',
    'mention-spam': 'More than this many mentions in one message',
    raid: 'More than this many joins',
  };
  const limit = limitLabel[f.trigger];
  return (
    <>
      {limit ? (
        <label>
          {limit}
          <input name="limit" type="number" min={1} value={f.limit} onChange={(e) => set({ limit: e.target.value })} required />
        </label>
      ) : null}
      {f.trigger === 'message-rate' || f.trigger === 'duplicates' || f.trigger === 'raid' ? (
        <label>
          Within (seconds)
          <input name="perSeconds" type="number" min={1} max={86400} value={f.perSeconds} onChange={(e) => set({ perSeconds: e.target.value })} required />
        </label>
      ) : null}
      {f.trigger === 'raid' ? (
        <label>
          Only accounts younger than (days, optional)
          <input name="maxAccountAgeDays" type="number" min={1} value={f.maxAccountAgeDays} onChange={(e) => set({ maxAccountAgeDays: e.target.value })} />
        </label>
      ) : null}
      {f.trigger === 'links' ? (
        <label>
          Mode
          <select name="linkMode" value={f.linkMode} onChange={(e) => set({ linkMode: e.target.value as RuleForm['linkMode'] })}>
            <option value="deny">Deny these hosts</option>
            <option value="allow">Allow only these hosts</option>
          </select>
        </label>
      ) : null}
      {f.trigger === 'invite-links' || f.trigger === 'links' || f.trigger === 'words' ? (
        <label>
          {f.trigger === 'invite-links' ? 'Allowed invite codes (one per line)' : f.trigger === 'links' ? 'Hosts (one per line, e.g. example.com)' : 'Words or phrases (one per line)'}
          <textarea name="list" rows={3} value={f.list} onChange={(e) => set({ list: e.target.value })} />
        </label>
      ) : null}
      {f.trigger === 'words' ? (
        <label>
          Patterns (RE2 regular expressions, one per line; checked when saved)
          <textarea name="patterns" rows={2} value={f.patterns} onChange={(e) => set({ patterns: e.target.value })} />
        </label>
      ) : null}
      {f.trigger === 'caps' ? (
        <div className="row">
          <label>
            Capitals above (%)
            <input name="maxRatio" type="number" min={0} max={100} value={f.maxRatio} onChange={(e) => set({ maxRatio: e.target.value })} />
          </label>
          <label>
            In messages of at least (letters)
            <input name="minLength" type="number" min={1} value={f.minLength} onChange={(e) => set({ minLength: e.target.value })} />
          </label>
        </div>
      ) : null}
    </>
  );
};

/** Backtest results: each hit with its message. */
const BacktestResults = ({ result }: { result: NonNullable<ReturnType<typeof useBacktest>['data']> }) => (
  <section aria-labelledby="backtest-title" className="card">
    <h3 id="backtest-title">Backtest: {result.hitCount} hit{result.hitCount === 1 ? '' : 's'}</h3>
    <p className="muted small">
      {result.examined.messages} messages and {result.examined.joins} joins since <Time at={result.from} /> ({result.elapsedMs} ms){result.truncated ? ' — more were stored than examined' : ''}
    </p>
    {result.hits.length === 0 ? (
      <Empty>This rule would not have fired.</Empty>
    ) : (
      <DataTable columns={['When', 'Who', 'Message', 'Why']}>
        {result.hits.map((h, i) => (
          <tr key={h.message?.messageId ?? `${h.join?.userId}-${i}`}>
            <td><Time at={h.at} /></td>
            <td>{h.message?.authorName ?? h.join?.userName}</td>
            <td className="reason">{h.message ? (h.message.content ?? <span className="muted">(content not captured)</span>) : <span className="muted">joined</span>}</td>
            <td className="reason">{h.reason}</td>
          </tr>
        ))}
      </DataTable>
    )}
  </section>
);

/** Create or edit a rule, and backtest the draft before saving. */
const RuleEditor = ({ guild, editing, onDone, heading }: { guild: Guild } & InlineEditorProps<AutomodRuleView>) => {
  const [f, setF] = useState<RuleForm>(() => (editing ? formOf(editing.definition) : emptyForm()));
  const [days, setDays] = useState('7');
  const set = (p: Partial<RuleForm>) => setF((x) => ({ ...x, ...p }));
  const create = useCreateAutomodRule(guild.id);
  const update = useUpdateAutomodRule(guild.id);
  const backtest = useBacktest(guild.id);
  const channels = useChannels(guild.id);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (editing) await update.mutateAsync({ ruleId: editing.ruleId, definition: definitionOf(f), expectedRevision: editing.revision });
    else await create.mutateAsync(definitionOf(f));
    announce(`Saved rule “${f.name}”${editing ? '' : ' (disabled until you enable it)'}.`);
    onDone();
  };
  const saving = create.isPending || update.isPending;
  return (
    <form className="card form" onSubmit={(e) => void save(e).catch(() => undefined)} aria-labelledby="rule-editor-title">
      <h2 id="rule-editor-title" ref={heading} tabIndex={-1}>{editing ? `Edit “${editing.name}” (revision ${editing.revision})` : 'New rule'}</h2>
      <label>
        Name
        <input name="name" value={f.name} onChange={(e) => set({ name: e.target.value })} maxLength={100} required />
      </label>
      <label>
        Trigger
        <select name="trigger" value={f.trigger} onChange={(e) => set({ trigger: e.target.value as RuleForm['trigger'] })}>
          <Options choices={TRIGGERS} />
        </select>
      </label>
      <TriggerFields f={f} set={set} />
      <fieldset>
        <legend>Actions</legend>
        {ACTIONS.map(([k, label]) => (
          <label key={k} className="check">
            <input type="checkbox" name={`action-${k}`} checked={f.actions[k]} onChange={(e) => set({ actions: { ...f.actions, [k]: e.target.checked } })} /> {label}
          </label>
        ))}
        {f.actions.timeout ? (
          <label>
            Timeout (minutes)
            <input name="timeoutMinutes" type="number" min={1} value={f.timeoutMinutes} onChange={(e) => set({ timeoutMinutes: e.target.value })} />
          </label>
        ) : null}
        {f.actions.alert ? (
          <label>
            Staff channel
            <select name="alertChannelId" value={f.alertChannelId} onChange={(e) => set({ alertChannelId: e.target.value })} required>
              <option value="">Pick a channel</option>
              <Options choices={(channels.data?.channels ?? []).map((c) => [c.id, `#${c.name}`] as const)} />
            </select>
          </label>
        ) : null}
      </fieldset>
      <label>
        Exempt role ids (one per line)
        <textarea name="exemptRoleIds" rows={2} value={f.exemptRoleIds} onChange={(e) => set({ exemptRoleIds: e.target.value })} />
      </label>
      <label>
        Exempt channel ids (one per line)
        <textarea name="exemptChannelIds" rows={2} value={f.exemptChannelIds} onChange={(e) => set({ exemptChannelIds: e.target.value })} />
      </label>
      <label className="check">
        <input type="checkbox" name="dryRun" checked={f.dryRun} onChange={(e) => set({ dryRun: e.target.checked })} /> Dry run: only log what it would do
      </label>
      <FormButtons
        submit={saving ? 'Saving…' : editing ? 'Save revision' : 'Save as draft'}
        busy={saving}
        onCancel={onDone}
        before={
          <>
            <label>
              Backtest over the last (days)
              <input name="days" type="number" min={1} max={90} value={days} onChange={(e) => setDays(e.target.value)} />
            </label>
            <button type="button" onClick={() => backtest.mutate({ rule: definitionOf(f), days: Number(days) })} disabled={backtest.isPending}>
              {backtest.isPending ? 'Backtesting…' : 'Backtest'}
            </button>
          </>
        }
      />
      <ErrorNote error={create.error ?? update.error ?? backtest.error} />
      {backtest.data ? <BacktestResults result={backtest.data} /> : null}
    </form>
  );
};

const RuleHistory = ({ guild, ruleId }: { guild: Guild; ruleId: string }) => {
  const h = useAutomodRuleHistory(guild.id, ruleId);
  if (h.isLoading) return <Loading what="history" />;
  if (h.error) return <ErrorNote error={h.error} />;
  return (
    <ol className="small">
      {(h.data?.history ?? []).map((e, i) => (
        <li key={i}>
          <Time at={e.occurredAt} /> {e.actor.name}: {e.type.replace('AutomodRule', '').toLowerCase()} (revision {e.revision}){e.changed.length ? ` — ${e.changed.join(', ')}` : ''}
        </li>
      ))}
    </ol>
  );
};

const HitLog = ({ guild, dryRun }: { guild: Guild; dryRun: boolean }) => {
  const hits = useAutomodHits(guild.id, dryRun);
  const rules = useAutomodRules(guild.id);
  const nameOf = (h: AutomodHitView) => rules.data?.rules.find((r) => r.ruleId === h.ruleId)?.name ?? h.ruleId;
  const id = dryRun ? 'dry-run-log' : 'hit-log';
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>{dryRun ? 'Dry-run log: what rules would have done' : 'What the rules did'}</h2>
      {hits.isLoading ? <Loading /> : null}
      <ErrorNote error={hits.error} />
      {hits.data && hits.data.items.length === 0 ? <Empty>Nothing yet.</Empty> : null}
      {hits.data && hits.data.items.length > 0 ? (
        <DataTable columns={['When', 'Rule', 'Who', 'Message', 'Why', dryRun ? 'Would' : 'Did']}>
          {hits.data.items.map((h) => (
            <tr key={`${h.ruleId}-${h.messageId ?? h.userId}`}>
              <td><Time at={h.at} /></td>
              <td>{nameOf(h)}</td>
              <td>{h.userName}</td>
              <td className="reason">{h.subjectKind === 'join' ? <span className="muted">joined</span> : (h.content ?? <span className="muted">(not captured)</span>)}</td>
              <td className="reason">{h.reason}</td>
              <td>
                {h.actions.join(', ')}
                {h.deleteStatus ? <> <Badge kind={h.deleteStatus === 'deleted' ? 'ok' : h.deleteStatus === 'failed' ? 'bad' : 'pending'}>{h.deleteStatus}</Badge></> : null}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
};

/** Automod: the rules, an editor with a backtest over stored history, enable/disable, history, the hit and dry-run logs. */
export const AutomodPage = ({ guild }: { guild: Guild }) => {
  const rules = useAutomodRules(guild.id);
  const toggle = useSetAutomodRuleEnabled(guild.id);
  const editor = useInlineEditor<AutomodRuleView>((r) => `${r.ruleId}-${r.revision}`);
  const [showHistory, setShowHistory] = useState<string | null>(null);
  const canEdit = isAdminLevel(guild.level);
  return (
    <section className="automod">
      <h1>Automod</h1>
      <p className="muted">Rules act on new messages and joins. Backtest a draft on the stored history first; a rule starts disabled.</p>
      {canEdit && !editor.isOpen ? <NewButton editor={editor}>New rule</NewButton> : null}
      {editor.isOpen ? <RuleEditor key={editor.key} guild={guild} {...editor.props} /> : null}
      <section aria-labelledby="rules-title">
        <h2 id="rules-title">Rules</h2>
        {rules.isLoading ? <Loading what="rules" /> : null}
        <ErrorNote error={rules.error ?? toggle.error} />
        {rules.data && rules.data.rules.length === 0 ? <Empty>No rules yet.</Empty> : null}
        {rules.data && rules.data.rules.length > 0 ? (
          <DataTable columns={['Rule', 'Trigger', 'State', 'Hits', 'Changed', <span className="sr-only">Actions</span>]}>
            {rules.data.rules.map((r) => (
              <tr key={r.ruleId}>
                <td>
                  {r.name} <span className="muted small">rev {r.revision}</span>
                  {showHistory === r.ruleId ? <RuleHistory guild={guild} ruleId={r.ruleId} /> : null}
                </td>
                <td>{TRIGGERS.find(([k]) => k === r.triggerKind)?.[1] ?? r.triggerKind}</td>
                <td>
                  <Badge kind={r.enabled ? 'ok' : 'pending'}>{r.enabled ? 'enabled' : 'disabled'}</Badge>
                  {r.dryRun ? <> <Badge kind="note">dry run</Badge></> : null}
                </td>
                <td>{r.hits}</td>
                <td>
                  <Time at={r.updatedAt} /> <span className="muted small">by {r.updatedBy.name}</span>
                </td>
                <td>
                  <div className="row">
                    {canEdit ? (
                      <>
                        <button type="button" onClick={() => toggle.mutate({ ruleId: r.ruleId, enabled: !r.enabled }, { onSuccess: () => announce(`${r.name} ${r.enabled ? 'disabled' : 'enabled'}.`) })} disabled={toggle.isPending} aria-label={`${r.enabled ? 'Disable' : 'Enable'} ${r.name}`}>
                          {r.enabled ? 'Disable' : 'Enable'}
                        </button>
                        <button type="button" onClick={() => editor.open(r)} aria-label={`Edit ${r.name}`}>
                          Edit
                        </button>
                      </>
                    ) : null}
                    <button type="button" onClick={() => setShowHistory(showHistory === r.ruleId ? null : r.ruleId)} aria-expanded={showHistory === r.ruleId} aria-label={`History of ${r.name}`}>
                      History
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        ) : null}
      </section>
      <HitLog guild={guild} dryRun={false} />
      <HitLog guild={guild} dryRun />
    </section>
  );
};
