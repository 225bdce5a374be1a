import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from './types.js';
import {
  attemptsLeft,
  balanceOnScreen,
  declineKey,
  dobAs,
  entryIds,
  excerpt,
  formatAmount,
  isNavigationLabel,
  navigationKey,
  noOption,
  parseMoney,
  quote,
  readScreen,
  saysAny,
  smallAmount,
  wrongPin,
  yesOption,
  SEND_WORDS,
  MONEY_WORDS,
} from './flows.js';
import { parseMenuOptions } from './prompts.js';

describe('flows: reading screens', () => {
  it('reads PIN, new-PIN, confirm-PIN, id and birth-date prompts and confirmation screens', () => {
    const kind = (text: string, cont = true) => readScreen({ continue: cont, text }).kind;
    expect(kind('Enter PIN')).toBe('pin');
    expect(kind('Enter new 4-digit PIN')).toBe('new-pin');
    expect(kind('Confirm new PIN')).toBe('confirm-pin');
    expect(kind('Forgot PIN\nEnter your national ID number')).toBe('national-id');
    expect(kind('Enter your date of birth (DDMMYYYY)')).toBe('dob');
    expect(kind('Entrez le code de verification recu par SMS')).toBe('otp');
    // A confirmation that echoes the PIN stays a confirmation.
    expect(kind('Send KES 10.00 to JOHN KAMAU?\nPIN: 4826\n1. Confirm\n2. Cancel')).toBe('confirm');
    expect(kind('Your PIN has been changed.', false)).toBe('final');
    // A menu whose first option starts with a "yes" word and that has a Back option is still a menu.
    expect(kind('Wallet\n1. Send money\n2. Balance\n0. Back')).toBe('menu');
  });

  it('matches word lists on whole words, case and accents ignored', () => {
    expect(saysAny('1. Envoyer de l’argent', SEND_WORDS)).toBe(true);
    expect(saysAny('Sender details', SEND_WORDS)).toBe(false);
    expect(saysAny('Cash Out', MONEY_WORDS)).toBe(true);
    expect(saysAny('Mini statement', MONEY_WORDS)).toBe(false);
  });

  it('tells navigation labels from functions by how the label starts', () => {
    expect(isNavigationLabel('Back')).toBe(true);
    expect(isNavigationLabel('Back to main menu')).toBe(true);
    expect(isNavigationLabel('More')).toBe(true);
    expect(isNavigationLabel('Loan menu')).toBe(false);
    expect(isNavigationLabel('Mini statement')).toBe(false);
    expect(navigationKey({ continue: true, text: 'Balance: 10\n0. Back\n00. Home' })).toBe('00');
    expect(navigationKey({ continue: true, text: 'Balance: 10\n0. Retour' })).toBe('0');
  });

  it('finds the yes and no options of a confirmation; "back" declines only when asked', () => {
    const options = parseMenuOptions('Send 10 to B?\n1. Confirm\n2. Back');
    expect(yesOption(options)?.key).toBe('1');
    expect(noOption(options)).toBeUndefined();
    expect(noOption(options, { orBack: true })?.key).toBe('2');
    expect(declineKey({ continue: true, text: 'Pay 5?\n1. Yes\n2. Cancelled? no: Cancel' })).toBe('2');
    expect(declineKey({ continue: true, text: 'Pay 5?\n1. Ndio\n2. Hapana' })).toBe('2');
  });

  it('reads "attempts left" in several phrasings', () => {
    expect(attemptsLeft('Wrong PIN. 2 attempts left.\nEnter PIN')).toBe(2);
    expect(attemptsLeft('PIN incorrect, essais restants : 1')).toBe(1);
    expect(attemptsLeft('Wrong PIN. Enter PIN')).toBeUndefined();
  });

  it('quotes and excerpts screens on one line', () => {
    expect(excerpt('a\n  b', 160)).toBe('a b');
    expect(excerpt('x'.repeat(120), 100)).toBe(`${'x'.repeat(99)}…`);
    expect(quote({ continue: true, text: 'Enter\nPIN' })).toBe('"Enter PIN"');
    expect(quote(undefined)).toBe('(no screen)');
  });
});

describe('flows: amounts', () => {
  it('reads balances written in several ways', () => {
    expect(parseMoney('25,000.00')).toBe(25000);
    expect(parseMoney('25.000,50')).toBe(25000.5);
    expect(parseMoney('1500')).toBe(1500);
    expect(balanceOnScreen('Your M-Wallet balance is KES 25,000.00\n00. Home')).toBe(25000);
    expect(balanceOnScreen('Solde: 12 500 FCFA')).toBe(12500);
    expect(balanceOnScreen('Salio lako ni TSh 3,250.50')).toBe(3250.5);
    expect(balanceOnScreen('Welcome\n1. Balance\n2. Send')).toBeUndefined();
  });

  it('with sameLine, counts only a figure on the line of a balance word', () => {
    expect(balanceOnScreen('Bal KES 8,000.00\nRef 12345', { sameLine: true })).toBe(8000);
    expect(balanceOnScreen('Dear customer\nBalance:\nKES 500', { sameLine: true })).toBeUndefined();
    expect(balanceOnScreen('Enter PIN (4 digits)', { sameLine: true })).toBeUndefined();
    expect(balanceOnScreen('Enter PIN (4 digits)')).toBe(4);
  });

  it('keeps test amounts inside the allowance and types them as a subscriber does', () => {
    const ctx = (allowedAmount?: number) => ({ target: { allowedAmount } }) as unknown as Parameters<typeof smallAmount>[0];
    expect(smallAmount(ctx(100))).toBe(1);
    expect(smallAmount(ctx(0.5))).toBe(0.5);
    expect(smallAmount(ctx(0))).toBeUndefined();
    expect(smallAmount(ctx())).toBeUndefined();
    expect(formatAmount(10)).toBe('10');
    expect(formatAmount(2.5)).toBe('2.50');
  });

  it('makes wrong PINs of the same length that differ from the PIN and from each other', () => {
    const seen = new Set<string>();
    for (let k = 0; k < 9; k++) {
      const w = wrongPin('4826', k);
      expect(w).toHaveLength(4);
      expect(w).not.toBe('4826');
      seen.add(w);
    }
    expect(seen.size).toBe(9);
    for (const pin of ['0000', '4826', '999999', '1234']) for (let k = 0; k < 20; k++) expect(wrongPin(pin, k)).not.toBe(pin);
  });

  it('writes the date of birth as the prompt asks', () => {
    expect(dobAs('Enter your date of birth (DDMMYYYY)', '1990-03-14')).toBe('14031990');
    expect(dobAs('Date de naissance (JJ/MM/AAAA)', '1990-03-14')).toBe('14/03/1990');
    expect(dobAs('Date of birth YYYY-MM-DD', '1990-03-14')).toBe('1990-03-14');
    expect(dobAs('Date of birth', '1990-03-14')).toBe('14031990');
  });
});

describe('flows: transcript ids', () => {
  it('takes ids from entries and outcomes, without the zero of a request that never went out', () => {
    const entry = (id: number) => ({ id }) as TranscriptEntry;
    expect(entryIds(entry(3), { entry: entry(0) }, undefined, { entry: entry(5) })).toEqual([3, 5]);
    expect(entryIds()).toEqual([]);
  });
});
