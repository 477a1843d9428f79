/**
 * The response template language of custom commands and workflows: plain text with `{{variable}}`
 * holes. Parsing and checking happen at save, so that a stored template can only hold variables
 * that rendering knows how to fill (rendering is then total: it never fails at run time).
 *
 * Variables: `user` (a mention), `user.name`, `user.id`, `channel` (a mention), `guild.name`,
 * `option.<name>` (a declared option of the command), `counter.<name>` (incremented per run).
 * `{{` opens a hole, `}}` closes it; a literal `{{` or `}}` is written `{{"{{"}}` / `{{"}}"}}`.
 */

/** Where a template went wrong, for the 400 and the editor: 0-based offset, 1-based line and column. */
export type TemplatePosition = Readonly<{ offset: number; line: number; column: number }>;

export const TemplateErrorCodes = {
  UNCLOSED_VARIABLE: 'TEMPLATE_UNCLOSED_VARIABLE',
  UNOPENED_CLOSE: 'TEMPLATE_UNOPENED_CLOSE',
  EMPTY_VARIABLE: 'TEMPLATE_EMPTY_VARIABLE',
  BAD_VARIABLE_SYNTAX: 'TEMPLATE_BAD_VARIABLE_SYNTAX',
  UNKNOWN_VARIABLE: 'TEMPLATE_UNKNOWN_VARIABLE',
  UNKNOWN_OPTION: 'TEMPLATE_UNKNOWN_OPTION',
  TOO_MANY_COUNTERS: 'TEMPLATE_TOO_MANY_COUNTERS',
} as const;
export type TemplateErrorCode = (typeof TemplateErrorCodes)[keyof typeof TemplateErrorCodes];

export type TemplateError = TemplatePosition & Readonly<{ code: TemplateErrorCode; reason: string }>;

export type TemplateVariable =
  | Readonly<{ kind: 'user' }>
  | Readonly<{ kind: 'user.name' }>
  | Readonly<{ kind: 'user.id' }>
  | Readonly<{ kind: 'channel' }>
  | Readonly<{ kind: 'guild.name' }>
  | Readonly<{ kind: 'option'; name: string }>
  | Readonly<{ kind: 'counter'; name: string }>;

export type TemplateSegment = Readonly<{ kind: 'text'; text: string }> | Readonly<{ kind: 'variable'; variable: TemplateVariable; at: TemplatePosition }>;

export type ParsedTemplate = Readonly<{ segments: readonly TemplateSegment[] }>;

export type ParseResult = Readonly<{ ok: true; template: ParsedTemplate }> | Readonly<{ ok: false; error: TemplateError }>;

/** An option or counter name: what Discord allows for option names (lowercase). */
export const NAME_PATTERN = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;

export const positionOf = (source: string, offset: number): TemplatePosition => {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
};

const fail = (source: string, offset: number, code: TemplateErrorCode, reason: string): ParseResult => ({ ok: false, error: { ...positionOf(source, offset), code, reason } });

/** The two ways to write the braces themselves (they are text, not holes). */
const ESCAPES = [
  { form: '{{"{{"}}', text: '{{' },
  { form: '{{"}}"}}', text: '}}' },
] as const;

const KNOWN = 'user, user.name, user.id, channel, guild.name, option.<name>, counter.<name>';

/** The variable named by the inside of a hole, or why not. */
const variableOf = (inner: string): TemplateVariable | { code: TemplateErrorCode; reason: string } => {
  switch (inner) {
    case 'user':
    case 'user.name':
    case 'user.id':
    case 'channel':
    case 'guild.name':
      return { kind: inner };
    default:
      break;
  }
  const dotted = /^(option|counter)\.(.*)$/s.exec(inner);
  if (dotted) {
    const name = dotted[2]!;
    if (!NAME_PATTERN.test(name)) return { code: TemplateErrorCodes.BAD_VARIABLE_SYNTAX, reason: `"${dotted[1]}.${name}": the name must be 1-32 lowercase letters, digits, - or _` };
    return { kind: dotted[1] as 'option' | 'counter', name };
  }
  if (!/^[\p{L}\p{N}_.-]+$/u.test(inner)) return { code: TemplateErrorCodes.BAD_VARIABLE_SYNTAX, reason: `"${inner}" is not a variable name (letters, digits, . _ -)` };
  return { code: TemplateErrorCodes.UNKNOWN_VARIABLE, reason: `unknown variable "${inner}"; known: ${KNOWN}` };
};

/** Splits a template into text and variables; the first syntax error ends it, with its position. */
export const parseTemplate = (source: string): ParseResult => {
  const segments: TemplateSegment[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const escaped = ESCAPES.find((e) => source.startsWith(e.form, i));
    if (escaped) {
      text += escaped.text;
      i += escaped.form.length;
      continue;
    }
    if (source.startsWith('{{', i)) {
      const close = source.indexOf('}}', i + 2);
      const nextOpen = source.indexOf('{{', i + 2);
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        return fail(source, i, TemplateErrorCodes.UNCLOSED_VARIABLE, '"{{" is not closed by "}}"');
      }
      const raw = source.slice(i + 2, close);
      const inner = raw.trim();
      const innerAt = i + 2 + (raw.length - raw.trimStart().length);
      if (inner === '') return fail(source, i, TemplateErrorCodes.EMPTY_VARIABLE, '"{{}}" names no variable');
      const v = variableOf(inner);
      if ('code' in v) return fail(source, innerAt, v.code, v.reason);
      if (text) segments.push({ kind: 'text', text });
      text = '';
      segments.push({ kind: 'variable', variable: v, at: positionOf(source, innerAt) });
      i = close + 2;
      continue;
    }
    if (source.startsWith('}}', i)) return fail(source, i, TemplateErrorCodes.UNOPENED_CLOSE, '"}}" without an opening "{{" (write {{"}}"}} for the characters)');
    text += source[i];
    i++;
  }
  if (text) segments.push({ kind: 'text', text });
  return { ok: true, template: { segments } };
};
