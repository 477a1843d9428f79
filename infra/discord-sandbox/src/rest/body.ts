import type { Context } from 'hono';
import type { z } from 'zod';
import { DiscordError, Errors, type ErrorTree } from '../errors.js';
import type { RestEnv } from './env.js';

type Issue = z.core.$ZodIssue;

/** Maps a zod issue to Discord's form-body error code and message. */
const describe = (issue: Issue): { code: string; message: string } => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
      if (issue.expected === 'number' || issue.expected === 'int') return { code: 'NUMBER_TYPE_COERCE', message: `Value "${String(issue.input)}" is not int.` };
      if (issue.expected === 'boolean') return { code: 'BOOLEAN_TYPE_CONVERT', message: 'Must be either true or false.' };
      if (issue.expected === 'array') return { code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' };
      if (issue.expected === 'object') return { code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' };
      return { code: 'BASE_TYPE_BAD_TYPE', message: `Must be of type ${issue.expected}.` };
    case 'too_big':
      if (issue.origin === 'string') return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${String(issue.maximum)} or fewer in length.` };
      if (issue.origin === 'array') return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${String(issue.maximum)} or fewer in length.` };
      return { code: 'NUMBER_TYPE_MAX', message: `int value should be less than or equal to ${String(issue.maximum)}.` };
    case 'too_small':
      if (issue.origin === 'string' || issue.origin === 'array') {
        return { code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${String(issue.minimum)} or more in length.` };
      }
      return { code: 'NUMBER_TYPE_MIN', message: `int value should be greater than or equal to ${String(issue.minimum)}.` };
    case 'invalid_value':
      return { code: 'BASE_TYPE_CHOICES', message: `Value must be one of ${JSON.stringify(issue.values)}.` };
    case 'invalid_format':
      return { code: 'BASE_TYPE_BAD_FORMAT', message: issue.message };
    default:
      return { code: 'BASE_TYPE_INVALID', message: issue.message };
  }
};

/** Discord's 50035 Invalid Form Body, every zod issue placed at its path in `errors`. */
export const formBodyError = (issues: readonly Issue[]): DiscordError => {
  const root: Record<string, ErrorTree> = {};
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') continue;
    let node: Record<string, ErrorTree> = root;
    for (const key of path) {
      node[key] ??= {};
      node = node[key] as Record<string, ErrorTree>;
    }
    const errors = ((node as { _errors?: { code: string; message: string }[] })._errors ??= []);
    errors.push(describe(issue));
  }
  return new DiscordError(400, 50035, 'Invalid Form Body', root);
};

export const validate = <S extends z.ZodType>(schema: S, value: unknown): z.infer<S> => {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw formBodyError(result.error.issues);
  return result.data;
};

export interface UploadedFile {
  field: string;
  name: string;
  type: string;
  data: Uint8Array;
}

/** Reads a JSON body (or multipart `payload_json` + `files[n]`), validated by `schema`. */
export const readBody = async <S extends z.ZodType>(c: Context<RestEnv>, schema: S): Promise<{ body: z.infer<S>; files: UploadedFile[] }> => {
  const type = c.req.header('content-type') ?? '';
  let raw: unknown = {};
  const files: UploadedFile[] = [];
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await c.req.raw.formData();
    } catch {
      throw Errors.invalidJson();
    }
    for (const [field, value] of form.entries()) {
      if (field === 'payload_json' && typeof value === 'string') raw = parseJson(value);
      else if (typeof value !== 'string') files.push({ field, name: value.name, type: value.type, data: new Uint8Array(await value.arrayBuffer()) });
    }
  } else {
    const text = await c.req.text();
    if (text.trim() !== '') raw = parseJson(text);
  }
  c.set('body', raw);
  return { body: validate(schema, raw), files };
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw Errors.invalidJson();
  }
};
