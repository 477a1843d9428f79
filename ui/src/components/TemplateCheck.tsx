import { checkTemplate } from '@guildhall/automation';

/** The editor's live check: the same checker the API runs at save, so the position shown is the one a 400 would name. */
export const TemplateCheck = ({ source, options, id }: { source: string; options: readonly string[]; id: string }) => {
  if (!source) return <p id={id} className="sr-only" />;
  const r = checkTemplate(source, { options });
  return r.ok ? (
    <p id={id} className="muted">
      ✓ Template OK{r.template.counters.length ? ` (counts: ${r.template.counters.join(', ')})` : ''}
    </p>
  ) : (
    <p id={id} className="error" role="alert">
      Line {r.error.line}, column {r.error.column}: {r.error.reason} <code>{r.error.code}</code>
    </p>
  );
};
