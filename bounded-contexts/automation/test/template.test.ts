import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTemplate, MAX_RENDERED_LENGTH, renderTemplate, type RenderContext } from '../src/index.js';

const ctx: RenderContext = {
  user: { id: '200000000000000001', name: 'Fuzzy River' },
  channelId: '300000000000000001',
  guildName: 'Cozy Corner',
  options: { topic: 'rules' },
  counters: { hellos: 3 },
};

const render = (source: string, options: string[] = ['topic'], c: RenderContext = ctx): string => {
  const r = checkTemplate(source, { options });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.reason}`);
  return renderTemplate(r.template, c);
};

const errorOf = (source: string, options: string[] = []) => {
  const r = checkTemplate(source, { options });
  if (r.ok) throw new Error(`"${source}" passed its check`);
  return r.error;
};

describe('template: given a template, when rendered', () => {
  it('fills every variable', () => {
    expect(render('Hello {{user}} ({{user.name}}, {{ user.id }}) in {{channel}} of {{guild.name}}!')).toBe(
      'Hello <@200000000000000001> (Fuzzy River, 200000000000000001) in <#300000000000000001> of Cozy Corner!',
    );
    expect(render('About {{option.topic}}, hello number {{counter.hellos}}')).toBe('About rules, hello number 3');
  });

  it('renders an optional option that was not given as empty and an unseen counter as 0', () => {
    expect(render('[{{option.topic}}] {{counter.fresh}}', ['topic'], { ...ctx, options: {}, counters: {} })).toBe('[] 0');
  });

  it('writes the braces themselves when escaped; lists the counters it uses once each', () => {
    expect(render('{{"{{"}}user{{"}}"}}')).toBe('{{user}}');
    const r = checkTemplate('{{counter.a}} {{counter.b}} {{counter.a}}', { options: [] });
    expect(r.ok && r.template.counters).toEqual(['a', 'b']);
  });

  it('cuts the result to Discord’s 2000 characters', () => {
    const long = render(`${'x'.repeat(1990)}{{user.name}}{{user.name}}`);
    expect(long).toHaveLength(MAX_RENDERED_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('template: given a bad template, the check says where and why', () => {
  it('an unclosed variable, with its line and column', () => {
    expect(errorOf('Hi\n  {{user')).toMatchObject({ code: 'TEMPLATE_UNCLOSED_VARIABLE', offset: 5, line: 2, column: 3 });
    expect(errorOf('{{user {{channel}}')).toMatchObject({ code: 'TEMPLATE_UNCLOSED_VARIABLE', offset: 0 });
  });

  it('a stray close, an empty hole, a bad name', () => {
    expect(errorOf('a }} b')).toMatchObject({ code: 'TEMPLATE_UNOPENED_CLOSE', offset: 2, column: 3 });
    expect(errorOf('{{  }}')).toMatchObject({ code: 'TEMPLATE_EMPTY_VARIABLE', offset: 0 });
    expect(errorOf('{{ user name }}')).toMatchObject({ code: 'TEMPLATE_BAD_VARIABLE_SYNTAX', offset: 3 });
    expect(errorOf('{{option.Topic}}', ['topic'])).toMatchObject({ code: 'TEMPLATE_BAD_VARIABLE_SYNTAX' });
  });

  it('an unknown variable or an option the command does not declare', () => {
    const unknown = errorOf('Hi {{usr}}');
    expect(unknown).toMatchObject({ code: 'TEMPLATE_UNKNOWN_VARIABLE', offset: 5, line: 1, column: 6 });
    expect(unknown.reason).toContain('known: user, user.name');
    expect(errorOf('{{option.topic}}')).toMatchObject({ code: 'TEMPLATE_UNKNOWN_OPTION', reason: expect.stringContaining('declared: none') });
    expect(errorOf('{{option.constructor}}', ['topic'])).toMatchObject({ code: 'TEMPLATE_UNKNOWN_OPTION' });
  });

  it('more than 10 counters', () => {
    const many = Array.from({ length: 11 }, (_, i) => `{{counter.c${i}}}`).join('');
    expect(errorOf(many)).toMatchObject({ code: 'TEMPLATE_TOO_MANY_COUNTERS' });
  });
});

const NAMES = ['topic', 'who', 'n', 'constructor', '__proto__'];
const piece = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('{{', '}}', '{', '}', '{{user}}', '{{ user.name }}', '{{channel}}', '{{guild.name}}', '{{user.id}}', '{{"{{"}}', '{{"}}"}}', '\n'),
  fc.constantFrom(...NAMES).map((n) => `{{option.${n}}}`),
  fc.constantFrom(...NAMES).map((n) => `{{counter.${n}}}`),
);
const template = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
const runContext: fc.Arbitrary<RenderContext> = fc.record({
  user: fc.record({ id: fc.stringMatching(/^\d{17,20}$/), name: fc.string({ maxLength: 64 }) }),
  channelId: fc.stringMatching(/^\d{17,20}$/),
  guildName: fc.string({ maxLength: 100 }),
  options: fc.dictionary(fc.constantFrom(...NAMES), fc.string({ maxLength: 6000 })),
  counters: fc.dictionary(fc.constantFrom(...NAMES), fc.integer()),
});

describe('template: property', () => {
  it('a template that passed its check renders for any run without failing, within Discord’s limit', () => {
    let passed = 0;
    fc.assert(
      fc.property(template, fc.subarray(NAMES), runContext, (source, options, run) => {
        const r = checkTemplate(source, { options });
        if (!r.ok) {
          // A refusal always points inside the template.
          expect(r.error.offset).toBeGreaterThanOrEqual(0);
          expect(r.error.offset).toBeLessThanOrEqual(source.length);
          return;
        }
        passed++;
        const out = renderTemplate(r.template, run);
        expect(typeof out).toBe('string');
        expect(out.length).toBeLessThanOrEqual(MAX_RENDERED_LENGTH);
      }),
      { numRuns: 2000 },
    );
    // The generator must reach the render side, or the property says nothing.
    expect(passed).toBeGreaterThan(200);
  });

  it('a template without holes renders as itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }).filter((s) => !s.includes('{{') && !s.includes('}}')), (s) => {
        expect(render(s, [], ctx)).toBe(s);
      }),
    );
  });
});
