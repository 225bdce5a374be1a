/**
 * `runWalletCli(argv)`: starts the reference wallet from command-line arguments and prints its URLs. dfslab
 * exposes it as `dfslab ussd serve-example`.
 */
import { readFileSync } from 'node:fs';
import { startWallet, type WalletOptions, type WalletServer } from './server.js';
import { WEAKNESS_IDS, type WeaknessId } from './weaknesses.js';

export interface WalletCliIo {
  out: (line: string) => void;
}

const HELP = `Usage: serve-example [--profile vulnerable|hardened] [--port N] [--host H]
                     [--enable id,id] [--disable id,id] [--gateway-key K] [--camara-url URL]
                     [--tls-key FILE --tls-cert FILE]
Weakness ids: ${WEAKNESS_IDS.join(', ')}`;

/**
 * A mistake on the command line. The example stands alone (it imports nothing from dfslab), so it carries
 * dfslab's usage code itself; `dfslab ussd serve-example` turns it into its own one-line error.
 */
export class WalletUsageError extends Error {
  readonly code = 'DFSLAB_E_USAGE';
}

function usage(message: string): WalletUsageError {
  return new WalletUsageError(`${message}\n${HELP}`);
}

function ids(value: string): WeaknessId[] {
  const list = value.split(',').map((x) => x.trim()).filter((x) => x !== '');
  for (const id of list) {
    if (!(WEAKNESS_IDS as readonly string[]).includes(id)) throw usage(`Unknown weakness id "${id}".`);
  }
  return list as WeaknessId[];
}

/** Parses the arguments into wallet options (exported for tests and for the dfslab command). */
export function parseWalletArgs(argv: readonly string[]): WalletOptions {
  const opts: WalletOptions = { profile: 'vulnerable' };
  const weaknesses: Partial<Record<WeaknessId, boolean>> = {};
  let tlsKey: string | undefined;
  let tlsCert: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[i + 1];
      if (v === undefined) throw usage(`${name} needs a value.`);
      i += 1;
      return v;
    };
    switch (name) {
      case '--profile': {
        const p = takeValue();
        if (p !== 'vulnerable' && p !== 'hardened') throw usage(`--profile must be vulnerable or hardened, not "${p}".`);
        opts.profile = p;
        break;
      }
      case '--port': {
        const p = takeValue();
        if (!/^\d{1,5}$/.test(p) || Number(p) > 65535) throw usage(`--port must be 0..65535, not "${p}".`);
        opts.port = Number(p);
        break;
      }
      case '--host':
        opts.host = takeValue();
        break;
      case '--enable':
        for (const id of ids(takeValue())) weaknesses[id] = true;
        break;
      case '--disable':
        for (const id of ids(takeValue())) weaknesses[id] = false;
        break;
      case '--gateway-key':
        opts.gatewayKey = takeValue();
        break;
      case '--camara-url':
        opts.camaraUrl = takeValue();
        break;
      case '--tls-key':
        tlsKey = takeValue();
        break;
      case '--tls-cert':
        tlsCert = takeValue();
        break;
      default:
        throw usage(`Unknown argument "${arg}".`);
    }
  }
  if ((tlsKey === undefined) !== (tlsCert === undefined)) throw usage('--tls-key and --tls-cert go together.');
  if (tlsKey !== undefined && tlsCert !== undefined) {
    try {
      opts.tls = { key: readFileSync(tlsKey, 'utf8'), cert: readFileSync(tlsCert, 'utf8') };
    } catch (e) {
      throw usage(`Cannot read the TLS key/certificate: ${(e as Error).message}`);
    }
  }
  opts.weaknesses = weaknesses;
  return opts;
}

export async function runWalletCli(argv: readonly string[], io: WalletCliIo = { out: (l) => process.stdout.write(`${l}\n`) }): Promise<WalletServer> {
  const opts = parseWalletArgs(argv);
  const server = await startWallet(opts);
  const on = Object.entries(server.weaknesses).filter(([, v]) => v).map(([k]) => k);
  io.out(`M-Wallet reference USSD service (${opts.profile} profile) at ${server.url}`);
  io.out(`  Africa's Talking:        ${server.url}${server.paths.africastalking}`);
  io.out(`  AT end-of-session notify: ${server.url}${server.paths.africastalkingNotify}`);
  io.out(`  Hubtel:                  ${server.url}${server.paths.hubtel}`);
  io.out(server.weaknesses['no-gateway-auth'] ? '  Gateway auth: none' : `  Gateway auth: X-Gateway-Key: ${server.gatewayKey}`);
  io.out(`  Weaknesses on (${on.length}): ${on.length === 0 ? 'none' : on.join(', ')}`);
  return server;
}
