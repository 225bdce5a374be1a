/**
 * (placeholder: filled in by its owner) The document library shared between labs.
 */
export const id = '0009-library';

export const sql = /* sql */ `
select 1;
`;
