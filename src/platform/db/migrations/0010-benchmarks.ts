/**
 * (placeholder: filled in by its owner) Anonymised benchmarking between labs.
 */
export const id = '0010-benchmarks';

export const sql = /* sql */ `
select 1;
`;
