"""Ruled tables read from PDFium's own page objects, the way pdfplumber reads them.

pdfplumber's `extract_tables()` costs ~140 ms a ruled page: pdfminer parses the page again, in
Python. PDFium has parsed it already (the reader's text comes from it), so this module redoes
pdfplumber's table finder (0.11, its default "lines" strategy) on PDFium's path segments and
text-page characters:

* edges: every horizontal or vertical segment of every path, as pdfminer reads paths (a lone
  segment is a line, any other subpath gives the segments between its points);
* the edges snapped, joined and filtered with pdfplumber's tolerances; their intersections; the
  smallest closed cell at each intersection; cells touching at a corner make a table; rows of
  cells with `None` where a merged cell covers a column;
* each cell's text: the characters whose centre lies in the cell (their box as pdfminer
  measures it: from the baseline, the font's descent and size), grouped into lines and words as
  pdfplumber's `extract_text` groups them (3 pt tolerances).

The result is what `extract_tables()` returns (`benchmarks/compare_pdf_tables.py` compares the
two on every page). Where the characters themselves differ it cannot be: PDFium's text layer may
have a word space pdfplumber's 3 pt rule does not see, or compose a letter and its mark that a
font's character map gives apart; the reader's text is PDFium's, so PDFium's cells are the ones
found in it. What PDFium cannot give as pdfplumber sees it (a rotated page, turned text in a
table, an unknown path segment, forms too deep) raises `Unreadable`: the caller keeps pdfplumber
for that page.
"""

from __future__ import annotations

import ctypes
import itertools
import struct
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

# pdfplumber's defaults (TableSettings, extract_text)
SNAP = 3.0  # snap_tolerance: parallel edges this close are moved to their mean position
JOIN = 3.0  # join_tolerance: collinear edges with a gap this small are one edge
EDGE_MIN = 3.0  # edge_min_length, after joining
EDGE_PREFILTER = 1.0  # edge_min_length_prefilter, before snapping
CROSS = 3.0  # intersection_tolerance
TEXT = 3.0  # x_tolerance and y_tolerance of the cell text
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
COUNTED_LEVELS = 2  # paths and images counted on the page and in its forms, not deeper
MAX_FORM_DEPTH = 16  # forms in forms deeper than this are not followed (the page is left)

Matrix = tuple[float, float, float, float, float, float]
Edge = tuple[float, float, float, float]  # x0, x1, top, bottom (top-down, as pdfplumber)
Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Char = tuple[str, float, float, float, float]  # text, x0, x1, top, bottom
RawTable = list[list[str | None]]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


# --------------------------------------------------------------------------- bare calls
_V, _I, _D = ctypes.c_void_p, ctypes.c_int, ctypes.c_double


def _bare(function: Any, result: Any, *arguments: Any) -> Any:
    """A PDFium function called with plain addresses and numbers. pypdfium2's binding checks and
    converts each argument, which costs about as much as the call itself, and a ruled page makes
    thousands of calls (its characters, its path segments). The handles passed must belong to
    an open page."""
    address = ctypes.cast(function, _V).value
    if not address:
        raise ImportError(f"PDFium has no {function.__name__}")
    return ctypes.CFUNCTYPE(result, *arguments)(address)


def _address(handle: Any) -> int:
    """A pypdfium2 handle (a typed pointer) as the address the bare calls take."""
    return ctypes.cast(handle, _V).value or 0


_count_objects = _bare(raw.FPDFPage_CountObjects, _I, _V)
_page_object = _bare(raw.FPDFPage_GetObject, _V, _V, _I)
_count_form_objects = _bare(raw.FPDFFormObj_CountObjects, _I, _V)
_form_object = _bare(raw.FPDFFormObj_GetObject, _V, _V, ctypes.c_ulong)
_object_type = _bare(raw.FPDFPageObj_GetType, _I, _V)
_object_matrix = _bare(raw.FPDFPageObj_GetMatrix, _I, _V, _V)
_object_bounds = _bare(raw.FPDFPageObj_GetBounds, _I, _V, _V, _V, _V, _V)
_count_segments = _bare(raw.FPDFPath_CountSegments, _I, _V)
_segment = _bare(raw.FPDFPath_GetPathSegment, _V, _V, _I)
_segment_type = _bare(raw.FPDFPathSegment_GetType, _I, _V)
_segment_point = _bare(raw.FPDFPathSegment_GetPoint, _I, _V, _V, _V)
_segment_closes = _bare(raw.FPDFPathSegment_GetClose, _I, _V)
_loose_box = _bare(raw.FPDFText_GetLooseCharBox, _I, _V, _I, _V)
_char_origin = _bare(raw.FPDFText_GetCharOrigin, _I, _V, _I, _V, _V)
_font_size = _bare(raw.FPDFText_GetFontSize, _D, _V, _I)


class Unreadable(Exception):
    """The page has something PDFium cannot give as pdfplumber reads it; pdfplumber reads it."""


@dataclass
class PageObjects:
    """One pass over a page's objects: its paths (with the matrix of the forms they are drawn
    in), and the counts the reader needs on every page."""

    paths: list[tuple[int, Matrix]] = field(default_factory=list)  # (object address, form)
    counted_paths: int = 0  # paths on the page and in its forms (the reader's test for rulings)
    largest_image: float = 0.0  # area of the largest image there, in its own space
    trouble: str = ""  # what the walk could not follow (then pdfplumber reads the tables)


def scan_objects(page: pdfium.PdfPage) -> PageObjects:
    """Walk the page's objects once with bare calls (pypdfium2's wrappers cost more than the
    walk); forms are entered at any depth, as pdfminer draws them."""
    found = PageObjects()
    handle = _address(page.raw)
    _scan(found, _count_objects(handle), lambda i: _page_object(handle, i), IDENTITY, 0)
    return found


def _scan(found: PageObjects, count: int, get: Any, matrix: Matrix, level: int) -> None:
    if level > MAX_FORM_DEPTH:
        found.trouble = "forms nested too deep"
        return
    for i in range(count):
        obj = get(i)
        if not obj:
            found.trouble = "an object PDFium could not give"
            continue
        kind = _object_type(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            found.paths.append((obj, matrix))
            found.counted_paths += level < COUNTED_LEVELS
        elif kind == raw.FPDF_PAGEOBJ_IMAGE and level < COUNTED_LEVELS:
            left, bottom, right, top = _bounds(obj)
            found.largest_image = max(found.largest_image, (right - left) * (top - bottom))
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            try:
                inner = _matrix(obj, matrix)
            except Unreadable as why:
                found.trouble = str(why)
                continue
            _scan(found, _count_form_objects(obj), lambda j, form=obj: _form_object(form, j),
                  inner, level + 1)


def _bounds(obj: int) -> tuple[float, float, float, float]:
    """An object's left, bottom, right, top in its container's space."""
    values = (ctypes.c_float * 4)()
    at = ctypes.addressof(values)
    if not _object_bounds(obj, at, at + 4, at + 8, at + 12):
        return (0.0, 0.0, 0.0, 0.0)
    return (values[0], values[1], values[2], values[3])


_MATRIX = struct.Struct("6f")  # FS_MATRIX: a, b, c, d, e, f


def _matrix(obj: int, form: Matrix = IDENTITY) -> Matrix:
    """An object's matrix, then its form's: where it lands on the page."""
    m = raw.FS_MATRIX()
    if not _object_matrix(obj, ctypes.addressof(m)):
        raise Unreadable("an object without a matrix")
    own: Matrix = _MATRIX.unpack(m)
    return own if form is IDENTITY else _compose(own, form)


def _compose(first: Matrix, then: Matrix) -> Matrix:
    """`first` applied, then `then` (PDF's row-vector convention)."""
    a, b, c, d, e, f = first
    p, q, r, s, t, u = then
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)


# --------------------------------------------------------------------------- entry point
def read_tables(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage,
                objects: PageObjects) -> list[RawTable]:
    """pdfplumber's `page.extract_tables()` for this page, from PDFium; `Unreadable` when PDFium
    cannot give what pdfplumber would see."""
    if page.get_rotation():
        raise Unreadable("rotated page")  # pdfminer turns the page, PDFium keeps its space
    if objects.trouble:
        raise Unreadable(objects.trouble)
    height = _height(page)
    horizontal, vertical = _edges(objects.paths, height)
    tables = find_tables(horizontal, vertical)
    if not tables:
        return []
    return _texts(tables, _chars(textpage, height, _union([_table_box(r) for r in tables])))


def _height(page: pdfium.PdfPage) -> float:
    """pdfplumber's page height (its top-down coordinates are measured from the media box)."""
    _, bottom, _, top = page.get_mediabox()
    return float(top - bottom)


# --------------------------------------------------------------------------- edges
def _edges(paths: list[tuple[int, Matrix]], height: float
           ) -> tuple[list[Edge], list[Edge]]:
    """The horizontal and vertical edges pdfplumber takes from the page's lines, rectangles and
    curves, in its top-down coordinates."""
    horizontal: list[Edge] = []
    vertical: list[Edge] = []
    for obj, form in paths:
        a, b, c, d, e, f = _matrix(obj, form)
        for shape, points in _subpaths(obj):
            placed = [(a * x + c * y + e, height - (b * x + d * y + f)) for x, y in points]
            _shape_edges(shape, placed, horizontal, vertical)
    return horizontal, vertical


def _subpaths(obj: int) -> Iterator[tuple[str, list[tuple[float, float]]]]:
    """A path's subpaths as pdfminer sees them: the operators (`m`, `l`, `c`, `h`) and the point
    each ends at (`h` ends where its subpath began; a Bézier curve at its last point)."""
    point = (ctypes.c_float * 2)()
    px = ctypes.addressof(point)
    py = px + 4
    shape: list[str] = []
    points: list[tuple[float, float]] = []
    curve = 0
    for i in range(_count_segments(obj)):
        segment = _segment(obj, i)
        kind = _segment_type(segment) if segment else -1
        _segment_point(segment, px, py)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if shape:
                yield "".join(shape), points
            shape, points, curve = ["m"], [(point[0], point[1])], 0
        elif kind == raw.FPDF_SEGMENT_LINETO and shape:
            shape.append("l")
            points.append((point[0], point[1]))
        elif kind == raw.FPDF_SEGMENT_BEZIERTO and shape:
            curve += 1
            if curve % 3 == 0:  # two control points, then the end point
                shape.append("c")
                points.append((point[0], point[1]))
        else:
            raise Unreadable("an unknown path segment")
        if _segment_closes(segment):
            shape.append("h")
            points.append(points[0])
    if shape:
        yield "".join(shape), points


def _shape_edges(shape: str, points: list[tuple[float, float]],
                 horizontal: list[Edge], vertical: list[Edge]) -> None:
    """pdfminer's `paint_path`: a redundant last `l` before `h` is dropped; `ml`/`mlh` is a line
    (horizontal when level, else taken as vertical at its left end, slanted or not); other shapes
    give each horizontal or vertical segment between consecutive points."""
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points = points[:-1]
    if shape in ("ml", "mlh"):
        (x0, t0), (x1, t1) = points[0], points[1]
        if t0 == t1:
            horizontal.append((min(x0, x1), max(x0, x1), t0, t0))
        else:
            vertical.append((min(x0, x1), max(x0, x1), min(t0, t1), max(t0, t1)))
        return
    for (x0, t0), (x1, t1) in itertools.pairwise(points):
        if x0 == x1:
            vertical.append((x0, x0, min(t0, t1), max(t0, t1)))
        elif t0 == t1:
            horizontal.append((min(x0, x1), max(x0, x1), t0, t0))


# --------------------------------------------------------------------------- grid
def find_tables(horizontal: list[Edge], vertical: list[Edge]) -> list[list[list[Box | None]]]:
    """pdfplumber's TableFinder on these edges: each table as rows of cell boxes, `None` where a
    cell spanning columns covers the slot."""
    horizontal = _merge([e for e in horizontal if e[1] - e[0] >= EDGE_PREFILTER], along_x=True)
    vertical = _merge([e for e in vertical if e[3] - e[2] >= EDGE_PREFILTER], along_x=False)
    cells = _cells(_intersections(horizontal, vertical))
    return [_rows(table) for table in _group(cells)]


def _merge(edges: list[Edge], along_x: bool) -> list[Edge]:
    """Snap parallel edges within SNAP to the mean of their cluster, join collinear ones whose
    gap is within JOIN, keep those at least EDGE_MIN long."""
    if not edges:
        return []
    at = 2 if along_x else 0  # a horizontal edge sits at its top, a vertical one at its x0
    snapped = _snap(edges, at)
    joined: list[Edge] = []
    for _, group in itertools.groupby(sorted(snapped, key=itemgetter(at)), key=itemgetter(at)):
        joined.extend(_join(list(group), along_x))
    start, end = (0, 1) if along_x else (2, 3)
    return [e for e in joined if e[end] - e[start] >= EDGE_MIN]


def _snap(edges: list[Edge], at: int) -> list[Edge]:
    """pdfplumber's snap_objects: values chained within SNAP form a cluster; each edge moves by
    the difference between its cluster's mean (over edges) and its own position."""
    index = _cluster_index([e[at] for e in edges], SNAP)
    totals: dict[int, list[float]] = {}
    for e in edges:
        totals.setdefault(index[e[at]], []).append(e[at])
    means = {key: sum(values) / len(values) for key, values in totals.items()}
    moved = []
    for e in edges:
        shift = means[index[e[at]]] - e[at]
        if at == 2:
            moved.append((e[0], e[1], e[2] + shift, e[3] + shift))
        else:
            moved.append((e[0] + shift, e[1] + shift, e[2], e[3]))
    return moved


def _cluster_index(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's cluster_list: distinct values in order, a new cluster where one is more than
    `tolerance` above the previous value."""
    index: dict[float, int] = {}
    cluster, last = -1, None
    for value in sorted(set(values)):
        if last is None or value > last + tolerance:
            cluster += 1
        index[value] = cluster
        last = value
    return index


def _join(group: list[Edge], along_x: bool) -> list[Edge]:
    """Collinear edges sorted by their start; one that starts within JOIN of the current edge's
    end extends it."""
    start, end = (0, 1) if along_x else (2, 3)
    ordered = sorted(group, key=itemgetter(start))
    joined = [ordered[0]]
    for edge in ordered[1:]:
        last = joined[-1]
        if edge[start] <= last[end] + JOIN:
            if edge[end] > last[end]:
                joined[-1] = ((last[0], edge[1], last[2], last[3]) if along_x
                              else (last[0], last[1], last[2], edge[3]))
        else:
            joined.append(edge)
    return joined


Point = tuple[float, float]
Crossing = dict[Point, tuple[set[Edge], set[Edge]]]  # point: (vertical edges, horizontal edges)


def _intersections(horizontal: list[Edge], vertical: list[Edge]) -> Crossing:
    """Points where a vertical edge meets a horizontal one within CROSS, with the edges that
    meet there (pdfplumber's edges_to_intersections; sorted tops narrow the pairs tried)."""
    crossing: Crossing = {}
    if not horizontal or not vertical:
        return crossing
    by_top = sorted(horizontal, key=itemgetter(2))
    tops = [h[2] for h in by_top]
    slack = CROSS + 1.0  # the exact tests below decide; this only narrows
    for v in vertical:
        x = v[0]
        for h in by_top[bisect_left(tops, v[2] - slack):bisect_right(tops, v[3] + slack)]:
            if (v[2] <= h[2] + CROSS and v[3] >= h[2] - CROSS
                    and x >= h[0] - CROSS and x <= h[1] + CROSS):
                point = (x, h[2])
                if point not in crossing:
                    crossing[point] = (set(), set())
                crossing[point][0].add(v)
                crossing[point][1].add(h)
    return crossing


def _cells(crossing: Crossing) -> list[Box]:
    """pdfplumber's intersections_to_cells: from each point, the first corner below and the
    first to the right (in order) that are joined to it by an edge, with the fourth corner there
    and joined to both."""
    below: dict[float, list[Point]] = {}
    right: dict[float, list[Point]] = {}
    points = sorted(crossing)
    for point in points:  # sorted by x, then top: each list is in order
        below.setdefault(point[0], []).append(point)
        right.setdefault(point[1], []).append(point)
    cells = []
    for point in points:
        cell = _smallest_cell(point, below[point[0]], right[point[1]], crossing)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(point: Point, column: list[Point], row: list[Point],
                   crossing: Crossing) -> Box | None:
    down = [p for p in column if p[1] > point[1] and crossing[p][0] & crossing[point][0]]
    across = [p for p in row if p[0] > point[0] and crossing[p][1] & crossing[point][1]]
    for low in down:
        for side in across:
            corner = (side[0], low[1])
            edges = crossing.get(corner)
            if edges and edges[0] & crossing[side][0] and edges[1] & crossing[low][1]:
                return (point[0], point[1], corner[0], corner[1])
    return None


def _group(cells: list[Box]) -> list[list[Box]]:
    """Cells sharing a corner, transitively, are one table (pdfplumber's cells_to_tables); tables
    ordered by their top-left cell; a lone cell is no table."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Point, int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    tables: dict[int, list[Box]] = {}
    for i, cell in enumerate(cells):
        tables.setdefault(root(i), []).append(cell)
    found = [table for table in tables.values() if len(table) > 1]
    return sorted(found, key=lambda table: min((c[1], c[0]) for c in table))


def _rows(table: list[Box]) -> list[list[Box | None]]:
    """Cells grouped by their top, one slot for every left edge of the table (pdfplumber's
    Table.rows): a cell spanning columns leaves `None` in the slots it covers."""
    columns = sorted({cell[0] for cell in table})
    rows = []
    for _, cells in itertools.groupby(sorted(table, key=itemgetter(1, 0)), key=itemgetter(1)):
        at = {cell[0]: cell for cell in cells}
        rows.append([at.get(x) for x in columns])
    return rows


def _table_box(rows: list[list[Box | None]]) -> Box:
    return _union([cell for row in rows for cell in row if cell is not None])


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


# --------------------------------------------------------------------------- text
def _chars(textpage: pdfium.PdfTextPage, height: float, area: Box) -> list[Char]:
    """The text page's characters that may lie in `area`, in page order, with pdfminer's box:
    x0 and x1 from PDFium's loose box; the bottom at the font's descent below the baseline, the
    top a font size above it (`_line`). Line breaks PDFium generates are no characters; a space
    it generates (no box, no font) sits on the line of the character before it. The calls are
    most of the cost: the baseline is asked only where the loose box's bottom moves (a new
    line, another font or size, a glyph reaching lower), the font size once per shape of loose
    box (one glyph of one font at one size), the font's metrics once per baseline and size."""
    count = raw.FPDFText_CountChars(textpage.raw)
    codes = _codes(textpage.raw, count)
    handle = _address(textpage.raw)
    rect, xy = raw.FS_RECTF(), (ctypes.c_double * 2)()
    where, at_x = ctypes.addressof(rect), ctypes.addressof(xy)
    at_y = at_x + 8
    loose, origin, font_size = _loose_box, _char_origin, _font_size
    unpack_rect, unpack_point = _RECT.unpack_from, _POINT.unpack_from
    left_limit, right_limit = area[0] - AREA_MARGIN, area[2] + AREA_MARGIN
    low_limit, high_limit = height - area[3] - AREA_MARGIN, height - area[1] + AREA_MARGIN
    sizes: dict[tuple[float, float, float], float] = {}
    lines: dict[tuple[float, float], tuple[float, float]] = {}  # (baseline, size): bottom, top
    chars: list[Char] = []
    previous = -1  # index of the last character kept
    last_low = -1.0
    line = (0.0, 0.0)
    for k in range(count):
        code = codes[k]
        if code == 10 or code == 13:
            continue
        loose(handle, k, where)
        left, high, right, low = unpack_rect(rect)
        if right < left_limit or left > right_limit or high < low_limit or low > high_limit:
            continue
        text = "-" if code == 2 or code == 0xFFFE else chr(code)  # PDFium's line-end hyphen
        if high == low:
            if previous == k - 1:
                chars.append((text, left, left, chars[-1][3], chars[-1][4]))
            continue
        if previous != k - 1 or low != last_low:  # else: the line and size of the one before
            origin(handle, k, at_x, at_y)
            base = unpack_point(xy)[1]
            size = sizes.get((right - left, high - low, low - base))
            if size is None:
                size = sizes[(right - left, high - low, low - base)] = font_size(handle, k)
            if (base, size) not in lines:
                lines[(base, size)] = _line(textpage, k, base, size, height)
            line = lines[(base, size)]
            last_low = low
        chars.append((text, left, right, line[1], line[0]))
        previous = k
    return chars


def _line(textpage: pdfium.PdfTextPage, k: int, base: float, size: float, height: float
          ) -> tuple[float, float]:
    """pdfminer's bottom and top (top-down) of the characters on a baseline at a font size:
    the font's descent (its descriptor's, as negative) below the baseline, the font size above
    that, both at the vertical scale of the character's matrix. Asked of one character: those
    on one baseline at one size share a font's metrics. pdfminer reads turned characters
    (vertical headers) apart, top to bottom; that is not emulated: a table near any is left to
    pdfplumber (turned text has a baseline per character: each is asked)."""
    matrix, descent = raw.FS_MATRIX(), ctypes.c_float()
    font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(textpage.raw, k))
    if not font or not raw.FPDFFont_GetDescent(font, size, descent) \
            or not raw.FPDFText_GetMatrix(textpage.raw, k, matrix):
        raise Unreadable("a character without its font")
    if not (matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0):  # pdfminer's `upright`
        raise Unreadable("turned text in a table")
    scale = matrix.d
    bottom = height - (base - abs(descent.value) * scale)
    return bottom, bottom - size * scale


_RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom (one call reads the four)
_POINT = struct.Struct("2d")  # a character's origin: x, y
AREA_MARGIN = 2.0  # points around the tables where a character's loose box may still reach


def _codes(handle: Any, count: int) -> list[int]:
    """Each character's code: the page text in one call when it has one UTF-16 unit per
    character, else character by character."""
    buffer = (ctypes.c_ushort * (count + 1))()
    if raw.FPDFText_GetText(handle, 0, count, buffer) == count + 1:
        return list(buffer[:count])
    return [raw.FPDFText_GetUnicode(handle, k) for k in range(count)]


class _Grid:
    """A table's cells found from a point: the cells' edges cut the table into slots, each slot
    knows the cells covering it (one, unless cells overlap)."""

    def __init__(self, rows: list[list[Box | None]]):
        self.cells = [cell for row in rows for cell in row if cell is not None]
        self.xs = sorted({v for c in self.cells for v in (c[0], c[2])})
        self.tops = sorted({v for c in self.cells for v in (c[1], c[3])})
        self.slots: dict[tuple[int, int], list[Box]] = {}
        for cell in self.cells:
            for i in range(self.xs.index(cell[0]), self.xs.index(cell[2])):
                for j in range(self.tops.index(cell[1]), self.tops.index(cell[3])):
                    self.slots.setdefault((i, j), []).append(cell)


def _apart(grids: list[_Grid]) -> bool:
    """No point is in two cells: no cells overlap, in a table or across tables."""
    if any(len(cells) > 1 for grid in grids for cells in grid.slots.values()):
        return False
    boxes = [_union(grid.cells) for grid in grids]
    return not any(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
                   for a, b in itertools.combinations(boxes, 2))


def _texts(tables: list[list[list[Box | None]]], chars: list[Char]) -> list[RawTable]:
    """pdfplumber's Table.extract for each table: each cell's characters (centre inside, in
    page order) as text; "" for a cell without any, `None` for a slot under a merged cell.
    Inside as pdfplumber's char_in_bbox: left and top edges in, right and bottom edges out."""
    grids = [_Grid(rows) for rows in tables]
    inside: dict[Box, list[Char]] = {cell: [] for grid in grids for cell in grid.cells}
    alone = _apart(grids)
    last: Box = (0.0, 0.0, -1.0, -1.0)  # the cell of the character before (text runs on)
    for char in chars:
        x, y = (char[1] + char[2]) / 2, (char[3] + char[4]) / 2
        if alone and last[0] <= x < last[2] and last[1] <= y < last[3]:
            inside[last].append(char)
            continue
        for grid in grids:
            cells = grid.slots.get((bisect_right(grid.xs, x) - 1, bisect_right(grid.tops, y) - 1))
            for cell in cells or ():
                if cell[0] <= x < cell[2] and cell[1] <= y < cell[3]:
                    inside[cell].append(char)
                    last = cell
    return [[[None if cell is None else _cell_text(inside[cell]) for cell in row] for row in rows]
            for rows in tables]


def _cell_text(chars: list[Char]) -> str:
    """pdfplumber's extract_text (no layout): characters clustered into lines by their top and
    ordered by x; words end at a blank, a gap over TEXT, a step back or a change of line; words
    clustered into lines again by their top; lines joined by newlines; ligatures spelt out."""
    if not chars:
        return ""
    words: list[tuple[str, float]] = []
    for line in _clustered(chars, 3):
        _words(sorted(line, key=itemgetter(1)), words)
    text = "\n".join(" ".join(word[0] for word in line) for line in _clustered(words, 1))
    return text.translate(_LIGATURES)


_LIGATURES = str.maketrans(LIGATURES)


def _clustered(items: list[Any], at: int) -> list[list[Any]]:
    """pdfplumber's cluster_objects on `item[at]`: clusters in order, items in their order."""
    index = _cluster_index({item[at] for item in items}, TEXT)
    clusters: dict[int, list[Any]] = {}
    for item in items:
        clusters.setdefault(index[item[at]], []).append(item)
    return [clusters[key] for key in sorted(clusters)]


def _words(line: list[Char], words: list[tuple[str, float]]) -> None:
    """pdfplumber's WordExtractor on one line (left to right), each word with its top: a blank
    ends a word; a character left of the previous one's start, more than TEXT right of its end
    or more than TEXT above or below it starts one."""
    text: list[str] = []
    top = 0.0
    last: Char | None = None
    for char in line:
        if char[0].isspace():
            if text:
                words.append(("".join(text), top))
                text = []
            last = None
            continue
        if last is not None and (char[1] < last[1] or char[1] > last[2] + TEXT
                                 or abs(char[3] - last[3]) > TEXT):
            words.append(("".join(text), top))
            text = []
        if not text or char[3] < top:
            top = char[3]
        text.append(char[0])
        last = char
    if text:
        words.append(("".join(text), top))
