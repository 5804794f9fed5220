// The one table of the UI, on @tanstack/react-table v9: sortable headers (click or Enter on the header
// button), a search box filtering every text/number column, an empty message saying what to do next.
// Views define columns with `columnsFor<Row>()`; cells needing markup live in cells.tsx.

import { useMemo, useState, type ReactNode } from 'react';
import {
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  filterFn_includesString,
  globalFilteringFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';

export const tableFeatureSet = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  sortedRowModel: createSortedRowModel(),
  filteredRowModel: createFilteredRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic },
  filterFns: { includesString: filterFn_includesString },
});

export type Features = typeof tableFeatureSet;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Columns<Row extends RowData> = ColumnDef<Features, Row, any>[];

/** A typed column helper for rows of type Row. */
export function columnsFor<Row extends RowData>() {
  return createColumnHelper<Features, Row>();
}

export interface TableProps<Row extends RowData> {
  /** Accessible name of the table (and of its search box). */
  label: string;
  data: Row[];
  columns: Columns<Row>;
  getRowId: (row: Row) => string;
  /** Show the search box (default true). */
  searchable?: boolean;
  initialSorting?: SortingState;
  initialSearch?: string;
  /** Shown when there are no rows at all; say what to do next. */
  empty: ReactNode;
  /** Extra controls next to the search box (e.g. "New topic"). */
  toolbar?: ReactNode;
  /** Highlight a row (e.g. the selected one). */
  isRowSelected?: (row: Row) => boolean;
  /** Sortable headers (default true); a short fixed list (a preview) reads better in its own order. */
  sortable?: boolean;
  /** Extra class on the <table> (column widths of one use). */
  className?: string;
}

const EMPTY: never[] = [];

export function Table<Row extends RowData>(props: TableProps<Row>) {
  const { label, data, columns, getRowId, searchable = true, empty, toolbar, isRowSelected, sortable = true, className } = props;
  const [sorting, setSorting] = useState<SortingState>(props.initialSorting ?? []);
  const [globalFilter, setGlobalFilter] = useState<string>(props.initialSearch ?? '');
  const stableData = useMemo(() => data ?? EMPTY, [data]);
  const table = useTable({
    features: tableFeatureSet,
    columns,
    data: stableData,
    getRowId: (row: Row) => getRowId(row),
    state: { sorting, globalFilter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setGlobalFilter,
    globalFilterFn: 'includesString',
    enableSortingRemoval: true,
    enableSorting: sortable,
  });
  const rows = table.getRowModel().rows;

  return (
    <div className="table-wrap">
      {(searchable || toolbar) && (
        <div className="toolbar">
          {searchable && (
            <input
              type="search"
              className="search"
              aria-label={`Search ${label}`}
              placeholder="Search…"
              value={globalFilter}
              onChange={(e) => setGlobalFilter(e.target.value)}
            />
          )}
          <div className="toolbar-end">{toolbar}</div>
        </div>
      )}
      <table className={className ? `table ${className}` : 'table'} aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const canSort = header.column.getCanSort();
                const numeric = (header.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={numeric ? 'num' : undefined}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : canSort ? 'none' : undefined}
                  >
                    {header.isPlaceholder ? null : canSort ? (
                      <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                        <table.FlexRender header={header} />
                        <span className="sort-mark" aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}</span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} aria-selected={isRowSelected ? isRowSelected(row.original) : undefined}>
              {row.getAllCells().map((cell) => {
                const numeric = (cell.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                return (
                  <td key={cell.id} className={numeric ? 'num' : undefined}>
                    <table.FlexRender cell={cell} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {stableData.length === 0 ? (
        <div className="empty">{empty}</div>
      ) : rows.length === 0 ? (
        <div className="empty">Nothing matches “{globalFilter}”. <button type="button" className="link" onClick={() => setGlobalFilter('')}>Clear the search</button></div>
      ) : null}
    </div>
  );
}
