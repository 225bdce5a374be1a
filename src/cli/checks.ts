/**
 * @module cli/checks
 * `dfslab checks`: list the checks with their severity and references, or print the rules reference.
 */
import type { Command } from 'commander';
import { allChecks } from '../checks/registry.js';
import { renderChecksMarkdown } from '../checks/docs.js';
import { stableStringify } from '../report/stable-json.js';
import type { CliIO } from './main.js';

export function registerChecks(program: Command, io: CliIO): void {
  program
    .command('checks')
    .description('list the audit checks (id, severity, title, references)')
    .option('--json', 'print the checks and their metadata as JSON')
    .option('--markdown', 'print the rules reference (docs/checks.md)')
    .action((flags: { json?: boolean; markdown?: boolean }) => {
      const checks = [...allChecks].sort((a, b) => (a.id < b.id ? -1 : 1));
      if (flags.markdown) {
        io.out(renderChecksMarkdown(checks));
        return;
      }
      if (flags.json) {
        io.out(`${stableStringify(checks.map((c) => ({ id: c.id, platform: c.platform, ...c.meta })))}\n`);
        return;
      }
      const w = Math.max(...checks.map((c) => c.id.length));
      for (const c of checks) {
        io.out(`${c.id.padEnd(w)}  ${c.meta.severity.padEnd(8)}  ${c.meta.title}  [${[...c.meta.references.dfs, ...c.meta.references.maswe].join(', ')}]\n`);
      }
      io.out(`${checks.length} checks\n`);
    });
}
