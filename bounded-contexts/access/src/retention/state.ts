/** A guild's retention: days message content is kept (null: kept), and who set it when. */
export type RetentionState = Readonly<{ messageContentDays: number | null; setBy: string | null; setAt: string | null }>;
export const initialRetention = (): RetentionState => ({ messageContentDays: null, setBy: null, setAt: null });
