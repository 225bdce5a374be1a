import { describe, expect, it } from 'vitest';
import { classifyScreen, mentions, parseMenuOptions, type ScreenKind } from './prompts.js';

const con = (text: string) => ({ continue: true, text });
const kind = (text: string, extra?: Parameters<typeof classifyScreen>[1]): ScreenKind => classifyScreen(con(text), extra).kind;

describe('parseMenuOptions', () => {
  it('reads the usual option styles in screen order', () => {
    const text = 'M-Wallet\n1. Send money\n2) Withdraw cash\n3- Buy airtime\n4 - Pay bill\n5:Loans\n0 Back\n00 Home\n98 More\n#. Exit';
    expect(parseMenuOptions(text)).toEqual([
      { key: '1', label: 'Send money' },
      { key: '2', label: 'Withdraw cash' },
      { key: '3', label: 'Buy airtime' },
      { key: '4', label: 'Pay bill' },
      { key: '5', label: 'Loans' },
      { key: '0', label: 'Back' },
      { key: '00', label: 'Home' },
      { key: '98', label: 'More' },
      { key: '#', label: 'Exit' },
    ]);
  });

  it('splits options written on one line and ignores amounts, dates and headings', () => {
    expect(parseMenuOptions('Confirm?\n1.Yes 2.No')).toEqual([
      { key: '1', label: 'Yes' },
      { key: '2', label: 'No' },
    ]);
    expect(parseMenuOptions('Balance: KES 1,000\n2024-01-02 sent 500\n500 KES\nWelcome')).toEqual([]);
    expect(parseMenuOptions('1. Oui\n1. Again')).toEqual([{ key: '1', label: 'Oui' }]);
  });
});

describe('classifyScreen', () => {
  it('finds PIN prompts in five languages', () => {
    for (const text of [
      'Enter your PIN:',
      'Please enter your M-PIN to continue',
      'Entrez votre code secret',
      'Saisissez votre mot de passe',
      'Weka PIN yako',
      'Weka namba ya siri',
      'Ingrese su clave',
      'Introduzca su contraseña',
      'Digite sua senha',
      'Introduza o código PIN',
    ]) {
      expect(kind(text), text).toBe('pin');
    }
  });

  it('finds amount prompts', () => {
    for (const text of ['Enter amount', 'Entrez le montant', 'Weka kiasi', 'Ingrese el monto', 'Digite o valor', 'Introduza a quantia']) {
      expect(kind(text), text).toBe('amount');
    }
  });

  it('finds recipient prompts', () => {
    for (const text of [
      'Enter recipient phone number',
      'Entrez le numéro du destinataire',
      'Weka namba ya simu ya mpokeaji',
      'Ingrese el número de teléfono',
      'Digite o número do telefone',
    ]) {
      expect(kind(text), text).toBe('recipient');
    }
  });

  it('finds confirmation screens', () => {
    expect(kind('Send KES 500 to 0711000002 JOHN DOE?\n1. Confirm\n2. Cancel')).toBe('confirm');
    expect(kind('Envoyer 500 XOF à 22670000000 ?\n1. Oui\n2. Non')).toBe('confirm');
    expect(kind('Tuma KES 500 kwa 0711000002\n1. Ndio\n2. Hapana')).toBe('confirm');
    expect(kind('Thibitisha kutuma KES 500')).toBe('confirm');
    expect(kind('¿Confirmar envío de 500?\n1. Sí\n2. No')).toBe('confirm');
  });

  it('keeps menus that only mention PIN in an option as menus', () => {
    const r = classifyScreen(con('My account\n1. Balance\n2. Change PIN\n3. Mini statement\n0. Back'));
    expect(r.kind).toBe('menu');
    expect(r.options.map((o) => o.key)).toEqual(['1', '2', '3', '0']);
    expect(kind('Mon compte\n1. Solde\n2. Changer le code secret')).toBe('menu');
  });

  it('tells final screens and free-text prompts apart', () => {
    expect(classifyScreen({ continue: false, text: 'Enter PIN' }).kind).toBe('final');
    expect(kind('Enter your first name')).toBe('input');
    expect(kind('')).toBe('input');
  });

  it('does not match keywords inside other words', () => {
    expect(kind('Spinning wheel promotion\n1. Play')).toBe('menu');
    expect(mentions('pin', 'Opinion poll')).toBe(false);
  });

  it('takes extra keywords from the target', () => {
    expect(kind('Andika tarakimu zako za usalama')).toBe('input');
    expect(kind('Andika tarakimu zako za usalama', { pin: ['tarakimu zako'] })).toBe('pin');
    expect(kind('Kiwango cha kutuma', { amount: ['kiwango'] })).toBe('amount');
  });
});

describe('throttling screens', () => {
  it('tells throttling from a PIN lockout, in the harness languages', async () => {
    const { isThrottleScreen } = await import('./prompts.js');
    for (const t of ['Too many requests from your number. Please try again in a minute.', 'Service busy. Please try again later.', 'Trop de requêtes. Réessayez plus tard.', 'Huduma ina shughuli nyingi. Jaribu tena baadaye.', 'Demasiadas solicitudes. Intente más tarde.', 'Muitas solicitações. Tente novamente mais tarde.']) {
      expect(isThrottleScreen(t), t).toBe(true);
    }
    for (const t of ['Too many wrong PIN attempts. Please dial again.', 'Trop de tentatives, code secret bloqué.', 'Welcome to M-Wallet\n1. Balance', 'Try again: enter amount']) {
      expect(isThrottleScreen(t), t).toBe(false);
    }
  });
});

describe('what the screen asks now', () => {
  it('reads the asking line, not the title, and takes yes/no options as a confirmation', async () => {
    const { classifyScreen } = await import('./prompts.js');
    const con = (text: string) => classifyScreen({ continue: true, text }).kind;
    expect(con('Forgot PIN\nEnter your national ID number')).not.toBe('pin');
    expect(con('Send KES 500 to JOHN\nPIN: 4826\n1. Confirm\n2. Cancel')).toBe('confirm');
    expect(con('Send KES 500 to JOHN\nEnter PIN to confirm')).toBe('pin');
    expect(con('Enter PIN')).toBe('pin');
    expect(con('M-Wallet\n6. Change PIN\n7. Forgot PIN\n0. Back')).toBe('menu');
  });
});
