import { useEffect, useState, type FormEvent } from 'react';
import { useAppealSettings, useSaveAppealSettings, type AppealSettings } from '../api/appeals.js';
import type { Me } from '../api/types.js';
import { ErrorNote, Loading } from './bits.js';

type Guild = Me['guilds'][number];
const DAY = 86_400;

/** The guild's appeal settings (admins): on/off, questions, cooldown after a denial, review limit, what members see. */
export const AppealSettingsForm = ({ guild }: { guild: Guild }) => {
  const q = useAppealSettings(guild.id);
  const save = useSaveAppealSettings(guild.id);
  const [s, setS] = useState<AppealSettings | null>(null);
  const [questions, setQuestions] = useState('');
  useEffect(() => {
    if (q.data && s === null) {
      setS(q.data);
      setQuestions(q.data.questions.join('\n'));
    }
  }, [q.data, s]);
  if (q.isPending || !s) return <Loading what="appeal settings" />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ ...s, questions: questions.split('\n').map((x) => x.trim()).filter(Boolean) });
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="appeal-settings-title">
      <h2 id="appeal-settings-title">Appeal settings</h2>
      <label className="check">
        <input type="checkbox" checked={s.enabled} onChange={(e) => setS({ ...s, enabled: e.target.checked })} /> Members may appeal
      </label>
      <label>
        Questions on the appeal form (one per line, up to 10)
        <textarea rows={3} value={questions} onChange={(e) => setQuestions(e.target.value)} />
      </label>
      <label>
        Days before a new appeal after a denial
        <input type="number" min={0} max={365} value={Math.round(s.cooldownSeconds / DAY)} onChange={(e) => setS({ ...s, cooldownSeconds: Math.max(0, Number(e.target.value)) * DAY })} />
      </label>
      <label>
        Hours to decide before a reminder
        <input type="number" min={1} max={2160} value={Math.round(s.reviewLimitSeconds / 3600)} onChange={(e) => setS({ ...s, reviewLimitSeconds: Math.max(1, Number(e.target.value)) * 3600 })} />
      </label>
      <label className="check">
        <input type="checkbox" checked={s.showHiddenCases} onChange={(e) => setS({ ...s, showHiddenCases: e.target.checked })} /> Members see their hidden cases
      </label>
      <label className="check">
        <input type="checkbox" checked={s.showModeratorName} onChange={(e) => setS({ ...s, showModeratorName: e.target.checked })} /> Members see the moderator’s name
      </label>
      <button type="submit" disabled={save.isPending}>
        Save settings
      </button>
      <ErrorNote error={save.error} />
      {save.isSuccess ? <p role="status">Saved.</p> : null}
    </form>
  );
};
