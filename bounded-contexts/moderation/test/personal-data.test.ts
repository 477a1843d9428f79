import { describe, expect, it } from 'vitest';
import { moderationPersonalData } from '../src/index.js';

describe('moderation personal data (what crypto-shredding seals)', () => {
  it("names every member reference's name, nested ones too, keyed by that member's id", () => {
    expect(moderationPersonalData.CaseOpened).toEqual([{ path: 'target.name', member: 'target.id' }]);
    expect(moderationPersonalData.CaseNumberAllocated).toEqual([{ path: 'request.target.name', member: 'request.target.id' }]);
    expect(moderationPersonalData.DiscordAuditActionLinked).toEqual([
      { path: 'target.name', member: 'target.id' },
      { path: 'executor.name', member: 'executor.id' },
    ]);
  });
  it('leaves events without member names alone (the reason, the case number, the ids stay readable)', () => {
    expect(moderationPersonalData.CaseReasonAmended).toBeUndefined();
    for (const [type, fields] of Object.entries(moderationPersonalData)) if (type !== 'ReportFiled') for (const f of fields) expect(f.path).toMatch(/\.name$/);
  });
  it("seals a report's names, the reported member's quoted words under their key and the reporter's reason under theirs", () => {
    expect(moderationPersonalData.ReportFiled).toEqual([
      { path: 'reporter.name', member: 'reporter.id' },
      { path: 'target.name', member: 'target.id' },
      { path: 'excerpt', member: 'target.id' },
      { path: 'reason', member: 'reporter.id' },
    ]);
    expect(moderationPersonalData.ReportResolved).toEqual([{ path: 'target.name', member: 'target.id' }]);
  });
});
