/** Part 2 of 2 of the weakness matrix (test/ussd-matrix.ts): each weakness alone is found alone. */
import { describeMatrix } from './ussd-matrix.js';

describeMatrix(1, 2);
