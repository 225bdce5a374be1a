/**
 * (placeholder: filled in by its owner) Resilience assessments.
 */
export const id = '0006-resilience';

export const sql = /* sql */ `
select 1;
`;
