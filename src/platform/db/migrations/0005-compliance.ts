/**
 * (placeholder: filled in by its owner) Provider compliance.
 */
export const id = '0005-compliance';

export const sql = /* sql */ `
select 1;
`;
