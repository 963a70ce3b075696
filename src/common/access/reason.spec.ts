import { acceptedRevealReason, REVEAL_REASON_MIN_LENGTH } from './reason';

describe('the reveal-reason rule', () => {
  it('accepts a reason of the minimum length, trimmed, in any script', () => {
    expect(acceptedRevealReason('  核实身份  ')).toBe('核实身份');
    expect(acceptedRevealReason('a'.repeat(REVEAL_REASON_MIN_LENGTH))).toBe('aaaa');
    expect(acceptedRevealReason('核对 2018')).toBe('核对 2018');
  });

  it('refuses blank, short, punctuation-only and symbol-only reasons', () => {
    for (const r of [undefined, null, '', '   ', ' ab ', '核实', '....', '。。。。', '!!!!!!', '----', '…………', '\u3000\u3000\u3000\u3000', '😀😀😀😀']) {
      expect(acceptedRevealReason(r)).toBeNull();
    }
  });

  it('counts characters, not UTF-16 units', () => {
    // Two characters outside the BMP are four UTF-16 units but only two characters.
    expect(acceptedRevealReason('𠀀𠀁')).toBeNull();
    expect(acceptedRevealReason('𠀀𠀁𠀂𠀃')).toBe('𠀀𠀁𠀂𠀃');
  });
});
