import { describe, expect, it } from 'vitest';
import { nameWords, personalDataNamed, secretNamed } from './sensitive-names-support.js';

describe('nameWords', () => {
  it('splits camelCase, snake_case, acronyms and punctuation', () => {
    expect(nameWords('superSecurePassword')).toEqual(['super', 'secure', 'password']);
    expect(nameWords('user_PIN-code')).toEqual(['user', 'pin', 'code']);
    expect(nameWords('HTTPAuthToken')).toEqual(['http', 'auth', 'token']);
    expect(nameWords('"For the changepassword - phonenumber: "')).toEqual(['for', 'the', 'changepassword', 'phonenumber']);
  });
});

describe('secretNamed', () => {
  it.each([
    ['password', 'password'], ['superSecurePassword', 'password'], ['newpass', 'password'], ['userPwd', 'password'],
    ['ids3Pwd', 'password'], ['pin', 'PIN'], ['pin_md5', 'PIN'], ['mPin', 'PIN'], ['walletpin', 'PIN'],
    ['Error while processing transaction with credit card: ', 'card number'], ['cardNumber', 'card number'],
    ['cvv', 'card security code'], ['OTP SMS: ', 'one-time code'], ['auth_token', 'token'], ['accessToken', 'token'],
    ['token', 'token'], ['client_secret', 'secret'], ['credentials', 'credential'], ['sessionId', 'session'],
    ['api_key', 'key'], ['privateKey', 'key'],
  ])('%s names a %s', (text, term) => {
    expect(secretNamed(text)).toBe(term);
  });

  it.each(['spinner', 'mapping', 'shipping', 'keyboard', 'compass', 'bypass', 'Current token is', 'cur_token', 'key', 'monkey', 'AES error:', 'SD card mounted', 'pinning'])(
    '%s names no secret',
    (text) => {
      expect(secretNamed(text)).toBeUndefined();
    },
  );

  it('as a stored name, ignores entries that describe the secret', () => {
    expect(secretNamed('pin_enabled', { asStoredName: true })).toBeUndefined();
    expect(secretNamed('isPasswordSet', { asStoredName: true })).toBeUndefined();
    expect(secretNamed('token_expiry', { asStoredName: true })).toBeUndefined();
    expect(secretNamed('pin_hash', { asStoredName: true })).toBe('PIN');
  });

  it('drops widget words from view names', () => {
    expect(secretNamed('pinField', { widget: true })).toBe('PIN');
    expect(secretNamed('card_number_edit_text', { widget: true })).toBe('card number');
    expect(secretNamed('ccText', { widget: true })).toBeUndefined();
  });
});

describe('personalDataNamed', () => {
  it('recognises account and contact data', () => {
    expect(personalDataNamed('username')).toBe('user name');
    expect(personalDataNamed('msisdn')).toBe('phone number');
    expect(personalDataNamed('email')).toBe('e-mail');
    expect(personalDataNamed('name')).toBe('name');
    expect(personalDataNamed('title')).toBeUndefined();
  });
});
