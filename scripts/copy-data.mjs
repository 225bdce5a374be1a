// Copies the non-TypeScript data files (catalog YAML, resilience questionnaires) next to the compiled code, so that
// dist/ works on its own after `npm run build`.
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src', 'catalog', 'data');
if (existsSync(from)) cpSync(from, join(root, 'dist', 'catalog', 'data'), { recursive: true });
// The bundled resilience questionnaires (YAML), likewise.
const resilience = join(root, 'src', 'resilience', 'data');
if (existsSync(resilience)) cpSync(resilience, join(root, 'dist', 'resilience', 'data'), { recursive: true });

// The reference USSD service (`dfslab ussd serve-example`) is compiled to dist/examples/ussd-wallet/ by the
// build; its lab TLS certificate goes beside it.
const certs = join(root, 'examples', 'ussd-wallet', 'certs');
if (existsSync(certs)) cpSync(certs, join(root, 'dist', 'examples', 'ussd-wallet', 'certs'), { recursive: true });
