import { parseTemplate, TemplateErrorCodes, type ParsedTemplate, type TemplateError } from './parse.js';

/** What a template may refer to: the options its command declares. */
export type TemplateScope = Readonly<{ options: readonly string[] }>;

/** A template that passed its check: parsed, with the counters it increments per run. */
export type CheckedTemplate = ParsedTemplate & Readonly<{ counters: readonly string[] }>;

export type CheckResult = Readonly<{ ok: true; template: CheckedTemplate }> | Readonly<{ ok: false; error: TemplateError }>;

/** One command keeps few counters: each is a number in its state, changed by every run. */
export const MAX_COUNTERS = 10;

/**
 * The check at save: the syntax, then every `option.<name>` must be a declared option. A template
 * that passes renders for any run of its command (see `renderTemplate`).
 */
export const checkTemplate = (source: string, scope: TemplateScope): CheckResult => {
  const parsed = parseTemplate(source);
  if (!parsed.ok) return parsed;
  const counters: string[] = [];
  for (const s of parsed.template.segments) {
    if (s.kind !== 'variable') continue;
    const v = s.variable;
    if (v.kind === 'option' && !scope.options.includes(v.name)) {
      const declared = scope.options.length ? scope.options.join(', ') : 'none';
      return { ok: false, error: { ...s.at, code: TemplateErrorCodes.UNKNOWN_OPTION, reason: `"option.${v.name}" is not an option of this command (declared: ${declared})` } };
    }
    if (v.kind === 'counter' && !counters.includes(v.name)) {
      if (counters.length >= MAX_COUNTERS) return { ok: false, error: { ...s.at, code: TemplateErrorCodes.TOO_MANY_COUNTERS, reason: `at most ${MAX_COUNTERS} counters in one template` } };
      counters.push(v.name);
    }
  }
  return { ok: true, template: { ...parsed.template, counters } };
};
