import type { ReactNode } from 'react';

/**
 * A form's closing row: its submit button (disabled while `busy`, so a second press does not send
 * it twice) and Cancel; `before`: the row's other controls, ahead of submit.
 */
export const FormButtons = ({ submit, busy, onCancel, before }: { submit: ReactNode; busy: boolean; onCancel: () => void; before?: ReactNode }) => (
  <div className="row">
    {before}
    <button type="submit" className="primary" disabled={busy}>
      {submit}
    </button>
    <button type="button" onClick={onCancel}>
      Cancel
    </button>
  </div>
);
