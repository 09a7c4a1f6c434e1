import { describe, expect, it } from 'vitest';
import { isParleyError } from '@parley/protocol';
import { checkNewPassword } from './passwordRules.ts';

const account = { email: 'Dana.Demo@example.com' };

function codeOf(password: string): string | null {
  try {
    checkNewPassword(password, account);
    return null;
  } catch (error) {
    return isParleyError(error) ? error.code : 'not coded';
  }
}

describe('[U3] password rules', () => {
  it('[U3] needs at least 10 characters, counted as characters, not bytes', () => {
    expect(codeOf('abc-12345')).toBe('password_too_short');
    expect(codeOf('żółw-łódź')).toBe('password_too_short');
    expect(codeOf('żółw-łódźk')).toBeNull();
    expect(codeOf('violet-harbour-42')).toBeNull();
  });

  it('[U3] refuses common passwords in any case, one repeated character and the own e-mail', () => {
    for (const common of ['1234567890', 'Password123', 'QWERTYUIOP', 'wachtwoord123', 'senha123456', 'haslo12345']) {
      expect(codeOf(common)).toBe('password_too_common');
    }
    expect(codeOf('aaaaaaaaaaaa')).toBe('password_too_common');
    expect(codeOf('dana.demo@example.com')).toBe('password_too_common');
    expect(codeOf('dana.demo1')).toBeNull();
  });

  it('[U3] refuses what cannot be a password with a coded error, not a crash', () => {
    expect(codeOf('x'.repeat(30))).toBe('password_too_common');
    expect(codeOf('xy'.repeat(150))).toBe('invalid_message');
  });
});
