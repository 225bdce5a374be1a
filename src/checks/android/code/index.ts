/** The code check family: injection sinks, code loaded at run time, hidden functionality. */
import type { AndroidCheck } from '../support.js';
import commandExecution from './command-execution.js';
import dynamicCodeLoading from './dynamic-code-loading.js';
import hiddenBackdoor from './hidden-backdoor.js';
import sqlInjection from './sql-injection.js';

export const codeChecks: readonly AndroidCheck[] = [commandExecution, dynamicCodeLoading, hiddenBackdoor, sqlInjection];
