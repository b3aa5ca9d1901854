"""Disclosure control for count tables: primary and complementary cell suppression.

This module owns the rule that no published table, chart or export lets anyone recover a
count below the threshold. It works on plain counts and returns tables whose cells are either
a published count or a suppressed marker; the true values of suppressed cells are not kept in
the result, so nothing downstream can leak them by accident.

Policy
------
* **Primary suppression**: every cell (including a margin) with ``0 < count < threshold``.
* **Zeros are published** by default. A true zero says that *nobody* is in that group, so it
  identifies no person; hiding zeros would also make the tables much harder to read, since most
  municipality x form combinations are empty. The residual risk is *group* disclosure (zeros
  around one cell say that everyone in that row shares an attribute); for these aggregate
  statistics that is accepted, and a small row has its total and cells suppressed anyway.
  Pass ``suppress_zeros=True`` to treat zeros as primary as well.
* **Complementary suppression** hides further cells until every primary cell is protected: its
  true value lies strictly inside the range of values that is consistent with everything
  published (``low < value < high``, or ``value < high`` for a suppressed zero), with all
  counts non-negative. This is stronger than "not a single point": an attacker learns neither
  the value nor that it sits at one end of the range. The classic rule "every row and column
  with a suppressed cell has at least two" then holds as a consequence and is checked and, if
  needed, enforced to a fixed point.

How protection is computed
--------------------------
A table with its margins is a flow network (Castro's formulation of two-way tables): nodes
``S`` and ``T`` plus one node per row and per column; a cell ``(i, j)`` is an edge row i ->
column j, a row total an edge S -> row i, a column total column j -> T and the grand total
T -> S. Every additivity constraint ("the cells of a line add up to its total") is flow
conservation at one node. A 1-D table is the same with one edge S -> T per category and the
total T -> S. Given the published edges, the feasible tables are exactly the circulations on
the suppressed edges with the published ones fixed. A suppressed edge u -> v can be
*increased* iff the residual graph has a path v ~> u that avoids it, and *decreased* iff it has
a path u ~> v (residual arcs: every suppressed edge forwards, and backwards when its value is
positive). When a primary cell is not protected we add the cheapest published cells that close
such a path (Dijkstra; cost = count, margins much dearer), which is the usual
shortest-path heuristic for two-way tables and loses little information.

The audit (:func:`audit_1d`, :func:`audit_2d`) computes the exact feasible range of every
suppressed cell with max-flow (the constraint matrix is totally unimodular, so the linear
programming bounds are integers and are attained by integer tables). It also returns, for
each bound, a complete table that attains it, so a test can check the claim independently.
No scipy is needed.

Scope: one table at a time. Linked tables (the same margin published in another table) are
not coordinated here; publish margins from the same suppressed result.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from django.utils.translation import gettext

DEFAULT_THRESHOLD = 10

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)


class _Total:
    """Sentinel key for a margin: ``table[TOTAL]``, ``table[row, TOTAL]``, ``table[TOTAL, TOTAL]``."""

    _instance: _Total | None = None

    def __new__(cls) -> _Total:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "TOTAL"

    def __reduce__(self) -> str:
        return "TOTAL"


TOTAL = _Total()


class CellStatus(StrEnum):
    PUBLISHED = "published"
    PRIMARY = "primary"
    COMPLEMENTARY = "complementary"


@dataclass(frozen=True, slots=True)
class Cell:
    """One published position: a count, or ``None`` when suppressed (the value is not kept)."""

    value: int | None
    status: CellStatus = CellStatus.PUBLISHED

    @property
    def suppressed(self) -> bool:
        return self.status is not CellStatus.PUBLISHED

    def text(self, marker: str = "x") -> str:
        """The value as text, or ``marker`` (CBS convention: "x" = secret) when suppressed."""
        return marker if self.value is None else str(self.value)


@dataclass(frozen=True)
class Table1D(Generic[K]):
    """A suppressed one-way table: categories in order, each a :class:`Cell`, plus the total."""

    categories: tuple[K, ...]
    cells: Mapping[K | _Total, Cell]
    threshold: int

    def __getitem__(self, key: K | _Total) -> Cell:
        return self.cells[key]

    @property
    def total(self) -> Cell:
        return self.cells[TOTAL]

    def items(self) -> list[tuple[K, Cell]]:
        return [(key, self.cells[key]) for key in self.categories]

    @property
    def suppressed_count(self) -> int:
        return sum(cell.suppressed for cell in self.cells.values())

    def csv_rows(self, total_label: str | None = None, marker: str = "x") -> list[list[str]]:
        """Rows for a CSV writer: one per category, then the total (no header)."""
        total_label = gettext("Total") if total_label is None else total_label
        rows = [[str(key), cell.text(marker)] for key, cell in self.items()]
        rows.append([total_label, self.total.text(marker)])
        return rows


@dataclass(frozen=True)
class Table2D(Generic[R, C]):
    """A suppressed two-way table; index with ``table[row, col]``, using TOTAL for margins."""

    rows: tuple[R, ...]
    columns: tuple[C, ...]
    cells: Mapping[tuple[R | _Total, C | _Total], Cell]
    threshold: int

    def __getitem__(self, key: tuple[R | _Total, C | _Total]) -> Cell:
        return self.cells[key]

    def row_total(self, row: R) -> Cell:
        return self.cells[row, TOTAL]

    def column_total(self, column: C) -> Cell:
        return self.cells[TOTAL, column]

    @property
    def grand_total(self) -> Cell:
        return self.cells[TOTAL, TOTAL]

    @property
    def suppressed_count(self) -> int:
        return sum(cell.suppressed for cell in self.cells.values())

    def csv_rows(self, total_label: str | None = None, marker: str = "x") -> list[list[str]]:
        """Header row (blank corner, columns, total) and one row per table row, then totals."""
        total_label = gettext("Total") if total_label is None else total_label
        header = ["", *(str(c) for c in self.columns), total_label]
        body = [
            [str(r), *(self.cells[r, c].text(marker) for c in self.columns), self.cells[r, TOTAL].text(marker)]
            for r in self.rows
        ]
        footer = [
            total_label,
            *(self.cells[TOTAL, c].text(marker) for c in self.columns),
            self.grand_total.text(marker),
        ]
        return [header, *body, footer]


@dataclass(frozen=True)
class FeasibleRange:
    """What an attacker can infer about one suppressed position from the published table.

    ``high`` is ``None`` when unbounded. The witnesses are complete tables (every position,
    margins included) that agree with all published values and attain ``low`` and ``high``
    (``high_witness`` attains at least ``value + 1`` when unbounded). They contain true values
    and exist for audits and tests only: never publish them.
    """

    value: int
    low: int
    high: int | None
    low_witness: Mapping[Hashable, int] = field(repr=False)
    high_witness: Mapping[Hashable, int] = field(repr=False)

    @property
    def exact(self) -> bool:
        return self.high is not None and self.low == self.high

    @property
    def protected(self) -> bool:
        """True when the value lies strictly inside the range (a zero: when it may be larger)."""
        above = self.high is None or self.high > self.value
        return above and (self.value == 0 or self.low < self.value)


# --- the network -------------------------------------------------------------------------

_S, _T = 0, 1
_INF = math.inf


@dataclass
class _Network:
    n_nodes: int
    tails: list[int]
    heads: list[int]
    values: list[int]
    margin: list[bool]
    keys: list[Hashable]
    adjacency: list[list[int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.adjacency = [[] for _ in range(self.n_nodes)]
        for edge, (tail, head) in enumerate(zip(self.tails, self.heads, strict=True)):
            self.adjacency[tail].append(edge)
            self.adjacency[head].append(edge)

    def arcs(self, node: int, edge: int) -> tuple[int, bool]:
        """The node across ``edge`` from ``node`` and whether that step goes with the edge."""
        if self.tails[edge] == node:
            return self.heads[edge], True
        return self.tails[edge], False


def _network_1d(values: Sequence[int], keys: Sequence[Hashable]) -> _Network:
    total = sum(values)
    n = len(values)
    return _Network(
        n_nodes=2,
        tails=[_S] * n + [_T],
        heads=[_T] * n + [_S],
        values=[*values, total],
        margin=[False] * n + [True],
        keys=[*keys, TOTAL],
    )


def _network_2d(matrix: Sequence[Sequence[int]], rows: Sequence[Hashable], cols: Sequence[Hashable]) -> _Network:
    m, n = len(rows), len(cols)
    row_node = [2 + i for i in range(m)]
    col_node = [2 + m + j for j in range(n)]
    tails: list[int] = []
    heads: list[int] = []
    values: list[int] = []
    margin: list[bool] = []
    keys: list[Hashable] = []

    def add(tail: int, head: int, value: int, is_margin: bool, key: Hashable) -> None:
        tails.append(tail)
        heads.append(head)
        values.append(value)
        margin.append(is_margin)
        keys.append(key)

    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            add(row_node[i], col_node[j], matrix[i][j], False, (r, c))
    for i, r in enumerate(rows):
        add(_S, row_node[i], sum(matrix[i]), True, (r, TOTAL))
    for j, c in enumerate(cols):
        add(col_node[j], _T, sum(matrix[i][j] for i in range(m)), True, (TOTAL, c))
    add(_T, _S, sum(map(sum, matrix)), True, (TOTAL, TOTAL))
    return _Network(2 + m + n, tails, heads, values, margin, keys)


# --- protection checks and repair ----------------------------------------------------------


class _Suppressed:
    """The set of suppressed edges with a per-node index, so searches only touch those edges."""

    def __init__(self, net: _Network, edges: Iterable[int]) -> None:
        self.net = net
        self.edges: set[int] = set()
        self.by_node: list[list[int]] = [[] for _ in range(net.n_nodes)]
        for edge in edges:
            self.add(edge)

    def __contains__(self, edge: int) -> bool:
        return edge in self.edges

    def add(self, edge: int) -> None:
        if edge not in self.edges:
            self.edges.add(edge)
            self.by_node[self.net.tails[edge]].append(edge)
            self.by_node[self.net.heads[edge]].append(edge)


def _reachable(state: _Suppressed, start: int, goal: int, skip: int) -> bool:
    """Is there a residual path start ~> goal over suppressed edges other than ``skip``?"""
    net = state.net
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for edge in state.by_node[node]:
            if edge == skip:
                continue
            other, forward = net.arcs(node, edge)
            if other in seen or not (forward or net.values[edge] > 0):
                continue
            seen.add(other)
            queue.append(other)
    return False


def _two_way_safe(state: _Suppressed) -> tuple[set[int], list[int]]:
    """Bridges and component labels of the undirected graph of positive suppressed edges.

    Positive edges can be walked both ways in the residual graph, so a positive edge that is
    not a bridge lies on a cycle that moves it up and down: protected without further search.
    """
    net = state.net
    component = [-1] * net.n_nodes
    order = [0] * net.n_nodes
    low = [0] * net.n_nodes
    bridges: set[int] = set()
    counter = 0
    for root in range(net.n_nodes):
        if component[root] != -1:
            continue
        component[root] = root
        counter += 1
        order[root] = low[root] = counter
        stack: list[tuple[int, int, int]] = [(root, -1, 0)]
        while stack:
            node, via, index = stack[-1]
            incident = state.by_node[node]
            if index < len(incident):
                stack[-1] = (node, via, index + 1)
                edge = incident[index]
                if edge == via or net.values[edge] == 0:
                    continue
                other, _ = net.arcs(node, edge)
                if component[other] == -1:
                    component[other] = root
                    counter += 1
                    order[other] = low[other] = counter
                    stack.append((other, edge, 0))
                else:
                    low[node] = min(low[node], order[other])
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.add(via)
    return bridges, component


def _cheapest_path(state: _Suppressed, start: int, goal: int, skip: int, cost: list[float]) -> list[int] | None:
    """Published edges to suppress so that a residual path start ~> goal exists (Dijkstra)."""
    net = state.net
    best = {start: 0.0}
    via: dict[int, tuple[int, int]] = {}
    heap = [(0.0, start)]
    while heap:
        dist, node = heapq.heappop(heap)
        if node == goal:
            break
        if dist > best[node]:
            continue
        for edge in net.adjacency[node]:
            if edge == skip:
                continue
            other, forward = net.arcs(node, edge)
            if not (forward or net.values[edge] > 0):
                continue
            step = 0.0 if edge in state else cost[edge]
            if dist + step < best.get(other, _INF):
                best[other] = dist + step
                via[other] = (node, edge)
                heapq.heappush(heap, (dist + step, other))
    if goal not in best:
        return None
    path = []
    node = goal
    while node != start:
        node, edge = via[node]
        if edge not in state:
            path.append(edge)
    return path


def _needs(state: _Suppressed, edge: int) -> list[tuple[int, int]]:
    """Missing residual paths for a primary edge: (start, goal) pairs still to be connected."""
    net = state.net
    tail, head = net.tails[edge], net.heads[edge]
    missing = []
    if not _reachable(state, head, tail, edge):
        missing.append((head, tail))
    if net.values[edge] > 0 and not _reachable(state, tail, head, edge):
        missing.append((tail, head))
    return missing


def _unprotected(state: _Suppressed, primary: Iterable[int]) -> list[int]:
    net = state.net
    bridges, component = _two_way_safe(state)
    result = []
    for edge in sorted(primary):
        if net.values[edge] > 0:
            if edge not in bridges:
                continue
        elif component[net.tails[edge]] == component[net.heads[edge]]:
            continue
        if _needs(state, edge):
            result.append(edge)
    return result


def _two_per_line(state: _Suppressed, cost: list[float]) -> None:
    """Give every line (node) with exactly one suppressed edge a second one; to a fixed point."""
    net = state.net
    changed = True
    while changed:
        changed = False
        for node in range(net.n_nodes):
            if len(state.by_node[node]) != 1:
                continue
            candidates = [edge for edge in net.adjacency[node] if edge not in state]
            if not candidates:
                continue

            def lonely_other_end(edge: int, node: int = node) -> int:
                other, _ = net.arcs(node, edge)
                return 0 if len(state.by_node[other]) == 1 else 1

            state.add(min(candidates, key=lambda e: (cost[e], lonely_other_end(e), e)))
            changed = True


def _suppress(net: _Network, threshold: int, suppress_zeros: bool) -> tuple[set[int], set[int]]:
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    primary = {
        edge for edge, value in enumerate(net.values) if (0 < value < threshold) or (suppress_zeros and value == 0)
    }
    if not primary:
        return primary, set()
    state = _Suppressed(net, primary)
    # Margins cost more than any set of interior cells in practice, so they are only hidden
    # when no path through the body of the table exists.
    penalty = float(sum(net.values) + 1)
    cost = [
        value + 1 + (penalty if is_margin else 0.0) for value, is_margin in zip(net.values, net.margin, strict=True)
    ]
    while unprotected := _unprotected(state, primary):
        for edge in unprotected:
            for start, goal in _needs(state, edge):
                path = _cheapest_path(state, start, goal, edge, cost)
                if path is None:  # pragma: no cover - full suppression always protects
                    raise RuntimeError("no complementary suppression pattern exists")
                for added in path:
                    state.add(added)
        _two_per_line(state, cost)
    _two_per_line(state, cost)
    return primary, state.edges - primary


def _cells(net: _Network, primary: set[int], complementary: set[int]) -> dict[Hashable, Cell]:
    cells: dict[Hashable, Cell] = {}
    for edge, key in enumerate(net.keys):
        if edge in primary:
            cells[key] = Cell(None, CellStatus.PRIMARY)
        elif edge in complementary:
            cells[key] = Cell(None, CellStatus.COMPLEMENTARY)
        else:
            cells[key] = Cell(net.values[edge])
    return cells


def _check_counts(values: Iterable[int]) -> None:
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"counts must be non-negative integers, got {value!r}")


# --- public API ------------------------------------------------------------------------------


def suppress_1d(
    counts: Mapping[K, int],
    *,
    total: int | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    suppress_zeros: bool = False,
) -> Table1D[K]:
    """Suppress a one-way table (category -> count) whose total is the sum of the counts.

    ``total`` may be given as a check; it must equal the sum (a remainder that is not a
    published category would be an unprotected hidden cell).
    """
    keys = tuple(counts)
    values = [counts[key] for key in keys]
    _check_counts(values)
    if total is not None and total != sum(values):
        raise ValueError("total must equal the sum of the counts; add the remainder as a category")
    net = _network_1d(values, keys)
    primary, complementary = _suppress(net, threshold, suppress_zeros)
    return Table1D(keys, _cells(net, primary, complementary), threshold)


def suppress_series(
    points: Sequence[tuple[K, int]] | Mapping[K, int],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    suppress_zeros: bool = False,
) -> Table1D[K]:
    """Suppress a time series (period -> count, in order), treating its total as published."""
    ordered = dict(points.items() if isinstance(points, Mapping) else points)
    return suppress_1d(ordered, threshold=threshold, suppress_zeros=suppress_zeros)


def _matrix(
    counts: Mapping[tuple[R, C], int], rows: Sequence[R] | None, columns: Sequence[C] | None
) -> tuple[tuple[R, ...], tuple[C, ...], list[list[int]]]:
    row_keys = tuple(rows) if rows is not None else tuple(dict.fromkeys(r for r, _ in counts))
    col_keys = tuple(columns) if columns is not None else tuple(dict.fromkeys(c for _, c in counts))
    unknown = [key for key in counts if key[0] not in set(row_keys) or key[1] not in set(col_keys)]
    if unknown:
        raise ValueError(f"counts for rows/columns that are not listed: {unknown[:3]!r}")
    matrix = [[counts.get((r, c), 0) for c in col_keys] for r in row_keys]
    _check_counts(v for line in matrix for v in line)
    return row_keys, col_keys, matrix


def suppress_2d(
    counts: Mapping[tuple[R, C], int],
    *,
    rows: Sequence[R] | None = None,
    columns: Sequence[C] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    suppress_zeros: bool = False,
) -> Table2D[R, C]:
    """Suppress a two-way table given as ``{(row, column): count}``; margins are its sums.

    ``rows``/``columns`` fix the order and may list categories without counts (shown as 0);
    by default they are taken from ``counts`` in order of first appearance.
    """
    row_keys, col_keys, matrix = _matrix(counts, rows, columns)
    net = _network_2d(matrix, row_keys, col_keys)
    primary, complementary = _suppress(net, threshold, suppress_zeros)
    return Table2D(row_keys, col_keys, _cells(net, primary, complementary), threshold)


def rows_of(table: Table2D[R, C], rows: Sequence[R]) -> Table2D[R, C]:
    """Some rows of a suppressed table, with margins that reveal nothing the whole table does not.

    A table of chosen rows suppressed on its own is a linked table: its column totals, less the
    rows the whole table publishes, gave counts the whole table hides (a comparison of two regions
    gave Groningen's 9, found by exploratory testing). Here every cell and row total is the whole
    table's, and a column or grand total is published only as the sum of published cells.
    """
    chosen = tuple(row for row in rows if row in table.rows)
    cells: dict[tuple[R | _Total, C | _Total], Cell] = {}
    for row in chosen:
        for column in (*table.columns, TOTAL):
            cells[row, column] = table.cells[row, column]

    def total(parts: list[Cell]) -> Cell:
        if any(part.suppressed for part in parts):
            return Cell(None, CellStatus.COMPLEMENTARY)
        return Cell(sum(part.value or 0 for part in parts))

    for column in table.columns:
        cells[TOTAL, column] = total([table.cells[row, column] for row in chosen])
    cells[TOTAL, TOTAL] = total([table.cells[row, TOTAL] for row in chosen])
    return Table2D(chosen, table.columns, cells, table.threshold)


# --- audit -------------------------------------------------------------------------------------


def _max_push(
    net: _Network, suppressed: set[int], start: int, goal: int, skip: int, limit: float
) -> tuple[float, dict[int, int]]:
    """Max flow start ~> goal in the residual graph (Edmonds-Karp), capped at ``limit``.

    Returns the amount and the change per suppressed edge; ``inf`` when unbounded.
    """
    change = dict.fromkeys(suppressed, 0)
    pushed: float = 0
    while pushed < limit:
        parent: dict[int, tuple[int, int, bool]] = {}
        queue = deque([start])
        seen = {start}
        while queue and goal not in seen:
            node = queue.popleft()
            for edge in net.adjacency[node]:
                if edge == skip or edge not in suppressed:
                    continue
                other, forward = net.arcs(node, edge)
                capacity = _INF if forward else net.values[edge] + change[edge]
                if other in seen or capacity <= 0:
                    continue
                seen.add(other)
                parent[other] = (node, edge, forward)
                queue.append(other)
        if goal not in seen:
            break
        steps = []
        node = goal
        while node != start:
            node, edge, forward = parent[node]
            steps.append((edge, forward))
        bottleneck = min([limit - pushed, *(net.values[e] + change[e] for e, forward in steps if not forward)])
        if bottleneck == _INF:
            return _INF, change
        for edge, forward in steps:
            change[edge] += int(bottleneck) if forward else -int(bottleneck)
        pushed += bottleneck
    return pushed, change


def _witness(net: _Network, change: Mapping[int, int], edge: int, delta: int) -> dict[Hashable, int]:
    values = {key: net.values[e] + change.get(e, 0) for e, key in enumerate(net.keys)}
    values[net.keys[edge]] = net.values[edge] + delta
    return values


def _audit(net: _Network, suppressed: set[int]) -> dict[Hashable, FeasibleRange]:
    result: dict[Hashable, FeasibleRange] = {}
    for edge in sorted(suppressed):
        tail, head, value = net.tails[edge], net.heads[edge], net.values[edge]
        up, up_change = _max_push(net, suppressed, head, tail, edge, _INF)
        if up == _INF:
            # Unbounded: exhibit a table with this cell one higher along a forward-only cycle.
            up_change = _unit_cycle(net, suppressed, head, tail, edge)
            high, high_delta = None, 1
        else:
            high, high_delta = value + int(up), int(up)
        down, down_change = _max_push(net, suppressed, tail, head, edge, value)
        result[net.keys[edge]] = FeasibleRange(
            value=value,
            low=value - int(down),
            high=high,
            low_witness=_witness(net, down_change, edge, -int(down)),
            high_witness=_witness(net, up_change, edge, high_delta),
        )
    return result


def _unit_cycle(net: _Network, suppressed: set[int], start: int, goal: int, skip: int) -> dict[int, int]:
    parent: dict[int, tuple[int, int]] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        for edge in net.adjacency[node]:
            if edge == skip or edge not in suppressed or net.tails[edge] != node or net.heads[edge] in seen:
                continue
            seen.add(net.heads[edge])
            parent[net.heads[edge]] = (node, edge)
            queue.append(net.heads[edge])
    change: dict[int, int] = {}
    node = goal
    while node != start:
        node, edge = parent[node]
        change[edge] = 1
    return change


def _suppressed_edges(net: _Network, cells: Mapping[Hashable, Cell]) -> set[int]:
    return {edge for edge, key in enumerate(net.keys) if cells[key].suppressed}


def audit_1d(counts: Mapping[K, int], table: Table1D[K]) -> dict[K | _Total, FeasibleRange]:
    """Exact feasible range of every suppressed position of ``table`` (built from ``counts``)."""
    keys = table.categories
    net = _network_1d([counts[key] for key in keys], keys)
    return _audit(net, _suppressed_edges(net, table.cells))


def audit_2d(
    counts: Mapping[tuple[R, C], int], table: Table2D[R, C]
) -> dict[tuple[R | _Total, C | _Total], FeasibleRange]:
    """Exact feasible range of every suppressed position of ``table`` (built from ``counts``)."""
    _, _, matrix = _matrix(counts, table.rows, table.columns)
    net = _network_2d(matrix, table.rows, table.columns)
    return _audit(net, _suppressed_edges(net, table.cells))
