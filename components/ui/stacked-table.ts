// Classes for a table that becomes a stack of cards on a phone (below sm): each row a card, each
// cell a line headed by its column name (from data-label), so no column is squeezed to a few
// letters per line. Phone only: from sm up it is an ordinary table.

export const stackedTable = {
  table: 'block w-full text-sm sm:table',
  thead: 'hidden sm:table-header-group',
  tbody: 'block sm:table-row-group',
  tr: 'block border-t border-slate-100 py-2 align-top first:border-t-0 sm:table-row sm:py-0 sm:first:border-t dark:border-slate-800',
  td: 'block px-3 py-1 break-words before:mb-0.5 before:block before:text-xs before:font-medium before:uppercase before:tracking-wide before:text-slate-500 before:content-[attr(data-label)] sm:table-cell sm:py-2 sm:before:hidden dark:before:text-slate-400',
} as const;
