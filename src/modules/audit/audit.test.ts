import { describe, expect, it } from 'vitest';
import { auditCsvLine } from './audit.js';

describe('the audit CSV', () => {
  it('writes empty cells for missing values and ends lines with CRLF', () => {
    const line = auditCsvLine({
      id: 7,
      occurredAt: new Date('2026-03-01T10:00:00Z'),
      actor: { accountId: null, label: 'demo' },
      channel: 'system',
      ip: null,
      action: 'identity.staff.invited',
      subject: null,
      municipalityCodes: ['GM0637'],
      details: { a: 1 },
    });
    expect(line).toBe(
      '7,"2026-03-01T10:00:00.000Z",,"demo","system",,"identity.staff.invited",,,"GM0637","{""a"":1}"\r\n',
    );
  });
});
