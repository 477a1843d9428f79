// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TemplateCheck } from '../src/components/TemplateCheck.js';

afterEach(cleanup);

describe('the custom command editor’s live template check', () => {
  it('points at the error’s line and column, as the API’s 400 would', () => {
    render(<TemplateCheck source={'Hi\n  {{usr}}'} options={[]} id="c" />);
    expect(screen.getByRole('alert').textContent).toContain('Line 2, column 5: unknown variable "usr"');
    expect(screen.getByRole('alert').textContent).toContain('TEMPLATE_UNKNOWN_VARIABLE');
  });

  it('accepts a declared option and names the counters it will count', () => {
    render(<TemplateCheck source="Hello {{option.who}} #{{counter.hellos}}" options={['who']} id="c" />);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.getElementById('c')?.textContent).toBe('✓ Template OK (counts: hellos)');
  });
});
