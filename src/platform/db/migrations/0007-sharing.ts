/**
 * (placeholder: filled in by its owner) Knowledge sharing between labs.
 */
export const id = '0007-sharing';

export const sql = /* sql */ `
select 1;
`;
