import type { CommandAction } from '@guildhall/automation';
import { TemplateCheck } from './TemplateCheck.js';

/** One action as custom commands and workflows both define it (workflows offer a subset of the kinds). */
export type AutomationAction = CommandAction;
type Kind = AutomationAction['kind'];

const LABEL: Record<Kind, string> = { 'give-role': 'give a role', 'remove-role': 'remove a role', post: 'post in a channel', dm: 'DM the member' };
const blank = (k: Kind): AutomationAction => (k === 'post' ? { kind: 'post', channelId: '', content: '' } : k === 'dm' ? { kind: 'dm', content: '' } : { kind: k, roleId: '' });

/** The fields of one action: its kind, then the role, or the channel and the text (with the live template check). */
export const ActionFields = ({ action: a, kinds, options, checkId, onChange }: { action: AutomationAction; kinds: readonly Kind[]; options: readonly string[]; checkId: string; onChange: (a: AutomationAction) => void }) => (
  <>
    <label>
      Action
      <select value={a.kind} onChange={(e) => onChange(blank(e.target.value as Kind))}>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {LABEL[k]}
          </option>
        ))}
      </select>
    </label>
    {a.kind === 'give-role' || a.kind === 'remove-role' ? (
      <label>
        Role id
        <input value={a.roleId} onChange={(e) => onChange({ ...a, roleId: e.target.value })} required inputMode="numeric" />
      </label>
    ) : null}
    {a.kind === 'post' ? (
      <label>
        Channel id
        <input value={a.channelId} onChange={(e) => onChange({ ...a, channelId: e.target.value })} required inputMode="numeric" />
      </label>
    ) : null}
    {a.kind === 'post' || a.kind === 'dm' ? (
      <>
        <label>
          Text
          <input value={a.content} onChange={(e) => onChange({ ...a, content: e.target.value })} required maxLength={2000} aria-describedby={checkId} />
        </label>
        <TemplateCheck source={a.content} options={options} id={checkId} />
      </>
    ) : null}
  </>
);

/** How many actions one command or workflow may have (the definitions' schemas say the same). */
const MAX_ACTIONS = 5;

/**
 * An editor's list of actions: each one's fields with its Remove button, then Add action (which
 * appends `added`). `min`: how many must stay (a workflow needs one; a command may have none).
 */
export const ActionList = <A extends AutomationAction>({
  actions,
  kinds,
  options,
  checkId,
  min,
  added,
  onChange,
}: {
  actions: readonly A[];
  kinds: readonly Kind[];
  options: readonly string[];
  checkId: string;
  min: number;
  added: A;
  onChange: (actions: A[]) => void;
}) => (
  <>
    {actions.map((a, i) => (
      <div key={i} className="row">
        {/* `kinds` holds the editor's own kinds, so the changed action is still one of its A. */}
        <ActionFields action={a} kinds={kinds} options={options} checkId={`${checkId}-a${i}`} onChange={(x) => onChange(actions.map((y, j) => (j === i ? (x as A) : y)))} />
        <button type="button" onClick={() => onChange(actions.filter((_, j) => j !== i))} disabled={actions.length <= min}>
          Remove action {i + 1}
        </button>
      </div>
    ))}
    <button type="button" onClick={() => onChange([...actions, added])} disabled={actions.length >= MAX_ACTIONS}>
      Add action
    </button>
  </>
);
