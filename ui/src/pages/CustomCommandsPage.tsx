import { useId, useState, type FormEvent } from 'react';
import type { CommandAction, CommandOption, RunLevel } from '@guildhall/automation';
import type { Me } from '../api/types.js';
import {
  useCustomCommandHistory,
  useCustomCommands,
  useDeleteCustomCommand,
  useRollBackCustomCommand,
  useSaveCustomCommand,
  type CustomCommandView,
} from '../api/custom-commands.js';
import { ActionList } from '../components/ActionFields.js';
import { announce } from '../components/announce.js';
import { Empty, ErrorNote, Loading, Time } from '../components/bits.js';
import { DataTable } from '../components/DataTable.js';
import { FormButtons } from '../components/FormButtons.js';
import { NewButton, useInlineEditor, type InlineEditorProps } from '../components/inline-editor.js';
import { Options } from '../components/Options.js';
import { TemplateCheck } from '../components/TemplateCheck.js';

type Guild = Me['guilds'][number];

type Draft = {
  name: string;
  description: string;
  response: string;
  options: CommandOption[];
  actions: CommandAction[];
  level: RunLevel;
  roleIds: string;
  cooldownSeconds: number;
  ephemeral: boolean;
};

const OPTION_TYPES: readonly CommandOption['type'][] = ['string', 'integer', 'boolean', 'user', 'channel', 'role'];
const RUN_LEVELS: readonly RunLevel[] = ['everyone', 'viewer', 'moderator', 'admin', 'owner'];

const empty: Draft = { name: '', description: '', response: '', options: [], actions: [], level: 'everyone', roleIds: '', cooldownSeconds: 0, ephemeral: false };

const draftOf = (c: CustomCommandView): Draft => ({
  ...c.definition,
  level: c.definition.permission.level,
  roleIds: c.definition.permission.roleIds.join(', '),
});

const Editor = ({ guild, editing, onDone, heading }: { guild: Guild } & InlineEditorProps<CustomCommandView>) => {
  const [d, setD] = useState<Draft>(editing ? draftOf(editing) : empty);
  const save = useSaveCustomCommand(guild.id);
  const checkId = useId();
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  const optionNames = d.options.map((o) => o.name);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { level, roleIds, ...rest } = d;
    const definition = { ...rest, permission: { level, roleIds: roleIds.split(/[\s,]+/).filter(Boolean) } };
    const saved = await save.mutateAsync({ id: editing?.commandId ?? null, definition, ...(editing ? { expectedVersion: editing.version } : {}) });
    announce(`Saved /${d.name}${saved.version ? `, version ${saved.version}` : ''}.`);
    onDone();
  };
  const setOption = (i: number, patch: Partial<CommandOption>) => set({ options: d.options.map((o, j) => (j === i ? { ...o, ...patch } : o)) });
  return (
    <form className="card form" onSubmit={(e) => void submit(e).catch(() => undefined)} aria-labelledby="cc-editor-title">
      <h2 id="cc-editor-title" ref={heading} tabIndex={-1}>{editing ? `Edit /${editing.definition.name} (version ${editing.version})` : 'New custom command'}</h2>
      <label>
        Name (lowercase, no spaces)
        <input value={d.name} onChange={(e) => set({ name: e.target.value })} required maxLength={32} pattern="[\-_\p{L}\p{N}]{1,32}" />
      </label>
      <label>
        Description
        <input value={d.description} onChange={(e) => set({ description: e.target.value })} required maxLength={100} />
      </label>
      <label>
        Response
        <textarea value={d.response} onChange={(e) => set({ response: e.target.value })} rows={3} maxLength={2000} required aria-describedby={checkId} />
      </label>
      <TemplateCheck source={d.response} options={optionNames} id={checkId} />
      <p className="muted">
        Variables: <code>{'{{user}}'}</code> <code>{'{{user.name}}'}</code> <code>{'{{channel}}'}</code> <code>{'{{guild.name}}'}</code> <code>{'{{option.<name>}}'}</code> <code>{'{{counter.<name>}}'}</code>
      </p>
      <fieldset>
        <legend>Options</legend>
        {d.options.map((o, i) => (
          <div key={i} className="row">
            <label>
              Name
              <input value={o.name} onChange={(e) => setOption(i, { name: e.target.value })} required maxLength={32} />
            </label>
            <label>
              Description
              <input value={o.description} onChange={(e) => setOption(i, { description: e.target.value })} required maxLength={100} />
            </label>
            <label>
              Type
              <select value={o.type} onChange={(e) => setOption(i, { type: e.target.value as CommandOption['type'] })}>
                <Options choices={OPTION_TYPES} />
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={o.required} onChange={(e) => setOption(i, { required: e.target.checked })} /> required
            </label>
            <button type="button" onClick={() => set({ options: d.options.filter((_, j) => j !== i) })}>
              Remove option {o.name || i + 1}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set({ options: [...d.options, { name: '', description: '', type: 'string', required: false }] })}>
          Add option
        </button>
      </fieldset>
      <fieldset>
        <legend>Actions</legend>
        <ActionList actions={d.actions} kinds={['give-role', 'remove-role', 'post', 'dm']} options={optionNames} checkId={checkId} min={0} added={{ kind: 'give-role', roleId: '' }} onChange={(actions) => set({ actions })} />
      </fieldset>
      <fieldset>
        <legend>Who may run it</legend>
        <label>
          Guildhall level
          <select value={d.level} onChange={(e) => set({ level: e.target.value as RunLevel })}>
            <Options choices={RUN_LEVELS} />
          </select>
        </label>
        <label>
          Or one of these role ids (comma-separated)
          <input value={d.roleIds} onChange={(e) => set({ roleIds: e.target.value })} />
        </label>
      </fieldset>
      <label>
        Cooldown per member (seconds)
        <input type="number" min={0} max={86400} value={d.cooldownSeconds} onChange={(e) => set({ cooldownSeconds: Number(e.target.value) })} />
      </label>
      <label className="check">
        <input type="checkbox" checked={d.ephemeral} onChange={(e) => set({ ephemeral: e.target.checked })} /> reply only to the member (ephemeral)
      </label>
      <ErrorNote error={save.error} />
      <FormButtons submit={editing ? 'Save new version' : 'Create'} busy={save.isPending} onCancel={onDone} />
    </form>
  );
};

const History = ({ guild, command }: { guild: Guild; command: CustomCommandView }) => {
  const history = useCustomCommandHistory(guild.id, command.commandId);
  const rollBack = useRollBackCustomCommand(guild.id);
  return (
    <section className="card" aria-labelledby={`h-${command.commandId}`}>
      <h3 id={`h-${command.commandId}`}>History of /{command.definition.name}</h3>
      {history.isPending ? <Loading what="history" /> : null}
      <ErrorNote error={history.error ?? rollBack.error} />
      <ol reversed>
        {(history.data?.versions ?? []).map((v) => (
          <li key={v.version}>
            <b>Version {v.version}</b> — {v.change}
            {v.restoredVersion ? ` (version ${v.restoredVersion})` : ''} by {v.by.name}, <Time at={v.at} />
            {v.changes.length ? (
              <ul>
                {v.changes.map((c) => (
                  <li key={c.field}>
                    <code>{c.field}</code>: <del>{JSON.stringify(c.from)}</del> → <ins>{JSON.stringify(c.to)}</ins>
                  </li>
                ))}
              </ul>
            ) : null}
            {v.version !== command.version ? (
              <button
                type="button"
                onClick={() => rollBack.mutate({ id: command.commandId, toVersion: v.version }, { onSuccess: () => announce(`/${command.definition.name} rolled back to version ${v.version}.`) })}
                disabled={rollBack.isPending}
              >
                Roll back to version {v.version}
              </button>
            ) : (
              <span className="muted"> (current)</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
};

/** Custom slash commands: the list, the editor (live template check), history with diffs and roll back. */
export const CustomCommandsPage = ({ guild }: { guild: Guild }) => {
  const list = useCustomCommands(guild.id);
  const remove = useDeleteCustomCommand(guild.id);
  const editor = useInlineEditor<CustomCommandView>((c) => `${c.commandId}-${c.version}`);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const commands = list.data?.commands ?? [];
  const shown = commands.find((c) => c.commandId === historyOf);
  const del = (c: CustomCommandView) =>
    remove.mutate(c.commandId, {
      onSuccess: () => {
        announce(`Deleted /${c.definition.name}.`);
        // Its row (and the button pressed) goes: focus goes to "New command".
        editor.focus.fallback.current?.focus();
      },
    });
  return (
    <section>
      <h1>Custom commands</h1>
      <p className="muted">Slash commands defined here are registered in the server within seconds of saving.</p>
      <ErrorNote error={list.error ?? remove.error} />
      {editor.isOpen ? <Editor key={editor.key} guild={guild} {...editor.props} /> : <NewButton editor={editor}>New command</NewButton>}
      {list.isPending ? <Loading what="custom commands" /> : null}
      {list.data && commands.length === 0 ? <Empty>No custom command yet: New command makes one, and members can run it as a slash command within seconds.</Empty> : null}
      {commands.length ? (
        <DataTable className="table cards" caption={<caption className="muted">{commands.length} command(s)</caption>} columns={['Command', 'Version', 'Runs', 'Changed', 'Actions']}>
          {commands.map((c) => (
            <tr key={c.commandId}>
              <td data-label="Command">
                <b>/{c.definition.name}</b> <span className="muted">{c.definition.description}</span>
              </td>
              <td data-label="Version">{c.version}</td>
              <td data-label="Runs">{c.runs}</td>
              <td data-label="Changed">
                <Time at={c.updatedAt} /> by {c.updatedBy.name}
              </td>
              <td data-label="Actions">
                <button type="button" onClick={() => editor.open(c)}>
                  Edit /{c.definition.name}
                </button>
                <button type="button" onClick={() => setHistoryOf(historyOf === c.commandId ? null : c.commandId)} aria-expanded={historyOf === c.commandId}>
                  History
                </button>
                <button type="button" onClick={() => del(c)} disabled={remove.isPending}>
                  Delete /{c.definition.name}
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {shown ? <History guild={guild} command={shown} /> : null}
    </section>
  );
};
