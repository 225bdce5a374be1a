/**
 * (placeholder: filled in by its owner) Compliance campaigns and provider self-assessments.
 */
export const id = '0008-campaigns';

export const sql = /* sql */ `
select 1;
`;
