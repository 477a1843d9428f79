import { MAX_WINDOW_SECONDS } from './rule-schema.js';
import type { Observation } from './observation.js';
import { accountCreatedMs, observedAt } from './observation.js';

type Posted = { at: number; text: string };
type Joined = { at: number; userId: string; accountCreatedAt: number };

/** Text as duplicates compare it: case, spacing and surrounding punctuation ignored. */
export const normalizedText = (content: string | null): string => (content ?? '').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The recent past of one guild that rate, duplicate and raid rules look at: each member's
 * messages and the joins of the last MAX_WINDOW_SECONDS. It is the evaluator's state, changed in
 * place by `observe` (a backtest folds 100,000 messages through it; a copy per message would
 * cost more than the rules); `evaluateRule` only reads it. Rebuilt from history on start.
 */
export class GuildWindow {
  private readonly byAuthor = new Map<string, Posted[]>();
  private joins: Joined[] = [];
  private observed = 0;

  /** Adds an observation (they come in time order) and forgets what is older than the longest window. */
  observe(o: Observation): void {
    const at = Date.parse(observedAt(o));
    if (o.kind === 'message') {
      const list = this.byAuthor.get(o.authorId) ?? [];
      list.push({ at, text: normalizedText(o.content) });
      this.byAuthor.set(o.authorId, list);
    } else {
      this.joins.push({ at, userId: o.userId, accountCreatedAt: accountCreatedMs(o.userId) });
    }
    if (++this.observed % 1_000 === 0) this.prune(at);
  }

  /** The author's messages at or after `sinceMs` (the current one included once observed). */
  messagesOf(authorId: string, sinceMs: number): readonly Posted[] {
    const list = this.byAuthor.get(authorId) ?? [];
    let i = list.length;
    while (i > 0 && list[i - 1]!.at >= sinceMs) i--;
    return list.slice(i);
  }

  joinsSince(sinceMs: number): readonly Joined[] {
    let i = this.joins.length;
    while (i > 0 && this.joins[i - 1]!.at >= sinceMs) i--;
    return this.joins.slice(i);
  }

  private prune(nowMs: number): void {
    const cutoff = nowMs - MAX_WINDOW_SECONDS * 1000;
    for (const [author, list] of this.byAuthor) {
      const kept = list.filter((p) => p.at >= cutoff);
      if (kept.length === 0) this.byAuthor.delete(author);
      else this.byAuthor.set(author, kept);
    }
    this.joins = this.joins.filter((j) => j.at >= cutoff);
  }
}
