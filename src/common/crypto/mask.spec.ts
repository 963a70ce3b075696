import { maskBankAccount, maskCitizenId, maskDisabilityCertificate, maskName, maskNameForNotice, maskPhone } from './mask';

describe('maskCitizenId', () => {
  it('keeps the region code and the last 4 of an 18-character number', () => {
    expect(maskCitizenId('41010619800101123X')).toBe('410106********123X');
    expect(maskCitizenId('11010519491231002X')).toBe('110105********002X');
  });

  it('hides the birth date', () => {
    expect(maskCitizenId('41010619800101123X')).not.toContain('19800101');
  });

  it('keeps first 2 and last 2 for other lengths', () => {
    expect(maskCitizenId('410106800101123')).toBe('41***********23');
    expect(maskCitizenId('1234567')).toBe('12***67');
  });

  it('fully stars very short values', () => {
    expect(maskCitizenId('1234')).toBe('****');
    expect(maskCitizenId('1')).toBe('*');
  });

  it('trims and is null/empty safe', () => {
    expect(maskCitizenId('  41010619800101123X ')).toBe('410106********123X');
    expect(maskCitizenId('')).toBe('');
    expect(maskCitizenId('   ')).toBe('');
    expect(maskCitizenId(null)).toBe('');
    expect(maskCitizenId(undefined)).toBe('');
  });
});

describe('maskPhone', () => {
  it('keeps first 3 and last 4 of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('ignores spaces and hyphens', () => {
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
  });

  it('masks other lengths without revealing the middle', () => {
    expect(maskPhone('+8613812345678')).toBe('+86*******5678');
    expect(maskPhone('01012345678')).toBe('010****5678');
    expect(maskPhone('1234567')).toBe('*****67');
    expect(maskPhone('110')).toBe('***');
  });

  it('is null/empty safe', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone(null)).toBe('');
    expect(maskPhone(undefined)).toBe('');
  });
});

describe('maskBankAccount', () => {
  it('keeps first 4 and last 4 in a fixed shape', () => {
    expect(maskBankAccount('6222021234567890123')).toBe('6222 **** **** 0123');
    expect(maskBankAccount('6222 0212 3456 7890 123')).toBe('6222 **** **** 0123');
  });

  it('does not reveal the account length', () => {
    expect(maskBankAccount('622202123456')).toBe('6222 **** **** 3456');
    expect(maskBankAccount('6222021234567890')).toBe('6222 **** **** 7890');
  });

  it('keeps only the last 4 of short numbers, and nothing of tiny ones', () => {
    expect(maskBankAccount('12345678')).toBe('**** 5678');
    expect(maskBankAccount('1234')).toBe('****');
  });

  it('is null/empty safe', () => {
    expect(maskBankAccount('')).toBe('');
    expect(maskBankAccount('  ')).toBe('');
    expect(maskBankAccount(null)).toBe('');
    expect(maskBankAccount(undefined)).toBe('');
  });
});

describe('maskName', () => {
  it('keeps the first character', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('买买提·艾力')).toBe('买*****');
  });

  it('fully stars a single-character name', () => {
    expect(maskName('张')).toBe('*');
  });

  it('does not split supplementary-plane characters', () => {
    expect(maskName('𠮷田')).toBe('𠮷*');
    expect(maskName('王𠮷')).toBe('王*');
  });

  it('trims and is null/empty safe', () => {
    expect(maskName(' 李四 ')).toBe('李*');
    expect(maskName('')).toBe('');
    expect(maskName(null)).toBe('');
    expect(maskName(undefined)).toBe('');
  });
});

describe('maskDisabilityCertificate', () => {
  it('keeps only the last 4 characters, hiding the embedded ID number', () => {
    expect(maskDisabilityCertificate('41010619800101123X42')).toBe('****************3X42');
    expect(maskDisabilityCertificate('41010619800101123X42')).not.toContain('410106');
    expect(maskDisabilityCertificate('  AB12345 ')).toBe('***2345');
  });

  it('fully stars short values and is null/empty safe', () => {
    expect(maskDisabilityCertificate('1234')).toBe('****');
    expect(maskDisabilityCertificate('')).toBe('');
    expect(maskDisabilityCertificate(null)).toBe('');
    expect(maskDisabilityCertificate(undefined)).toBe('');
  });
});

describe('maskNameForNotice', () => {
  it('keeps the first and last character of a name of three or more (张*三)', () => {
    expect(maskNameForNotice('张小三')).toBe('张*三');
    expect(maskNameForNotice('欧阳小明')).toBe('欧**明');
    expect(maskNameForNotice(' 王𠮷明 ')).toBe('王*明');
  });

  it('keeps only the first of two, stars one, and is empty for nothing', () => {
    expect(maskNameForNotice('张三')).toBe('张*');
    expect(maskNameForNotice('张')).toBe('*');
    expect(maskNameForNotice(null)).toBe('');
  });
});
