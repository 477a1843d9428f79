import { describe, expect, it } from 'vitest';
import * as ctx from '../src/index.js';

describe('@guildhall/automation', () => {
  it('names its context', () => {
    expect(Object.values(ctx)).toContain('automation');
  });
});
