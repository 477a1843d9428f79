import { describe, expect, it } from 'vitest';
import * as ctx from '../src/index.js';

describe('@guildhall/appeals', () => {
  it('names its context', () => {
    expect(Object.values(ctx)).toContain('appeals');
  });
});
