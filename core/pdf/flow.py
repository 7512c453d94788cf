"""A small page-filling loop: blocks go down one frame per page, splitting where allowed.

ReportLab's platypus would do this too, but importing it compiles large Unicode regular
expressions (about 0.3 s, most of an export); the report needs only stacking, splitting
and a page callback, so the PDF is drawn on a bare ReportLab canvas.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

from reportlab.pdfgen.canvas import Canvas

EPS = 0.01
SNAP_GAP = 0.25  # at least this much of a line between a table and the text after it


class Block:
    """Something that takes the full frame width and some height.

    ``keep_with_next``: never end a page with this block; the page breaks before it
    unless the start of the next block (:meth:`min_height`) fits below it.
    """

    width = 0.0
    height = 0.0
    keep_with_next = False
    snap_after = False  # the next block starts on the next line of the page grid
    keep_limit = 4 * 28.99  # a keep-with-next block taller than this (points) is not kept

    def min_height(self, avail_width: float) -> float:
        """The least height of this block that may stand at the bottom of a page."""
        return self.wrap(avail_width, 1e9)[1]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Lay out for ``avail_width``; return the size needed."""
        raise NotImplementedError

    def split(self, avail_width: float, avail_height: float) -> list[Block]:
        """Parts of which the first fits ``avail_height``; [] when no split is possible."""
        return []

    def draw(self, canvas: Canvas, x: float, y: float) -> None:
        """Draw with the bottom-left corner at ``(x, y)`` (after :meth:`wrap`)."""
        raise NotImplementedError


class Gap(Block):
    """Vertical white space; dropped at the top of a page."""

    def __init__(self, height: float):
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def min_height(self, avail_width: float) -> float:
        return 0.0

    def draw(self, canvas: Canvas, x: float, y: float) -> None:
        pass


def _kept_height(block: Block, following: Iterable[Block], width: float) -> float:
    """Height that must fit for ``block`` to stay on this page with the start of what follows."""
    need = block.wrap(width, 1e9)[1]
    for nxt in following:
        if isinstance(nxt, Gap):
            need += nxt.height
            continue
        h = nxt.wrap(width, 1e9)[1]
        if nxt.keep_with_next and h <= nxt.keep_limit:
            need += h
            continue
        return need + nxt.min_height(width)
    return need


def flow(
    blocks: Iterable[Block],
    canvas: Canvas,
    frame: tuple[float, float, float, float],
    on_page: Callable[[Canvas, int], None],
    grid: float | None = None,
) -> int:
    """Place ``blocks`` into ``frame`` = (x, y, width, height) page after page; return the page count.

    ``grid``: the line pitch; after a block with ``snap_after`` the next one starts on the
    next grid line (counted from the top of the frame), so text after a table stays on the grid.
    """
    fx, fy, fw, fh = frame
    top = fy + fh
    page = 1
    on_page(canvas, page)
    y = top
    queue = deque(blocks)
    while queue:
        block = queue.popleft()
        at_top = abs(y - top) < EPS
        if isinstance(block, Gap) and at_top:
            continue
        avail = y - fy
        _, h = block.wrap(fw, avail)
        if (
            not at_top
            and block.keep_with_next
            and h <= block.keep_limit
            and _kept_height(block, list(queue), fw) > avail + EPS
        ):
            h = float("inf")  # start a new page with this block
        if h <= avail + EPS:
            block.draw(canvas, fx, y - h)
            y -= h
            if grid and block.snap_after:
                lines = -(-(top - y + SNAP_GAP * grid - EPS) // grid)  # the next grid line a little below y
                y = max(top - lines * grid, fy)
            continue
        parts = block.split(fw, avail) if h != float("inf") else []
        if parts and parts[0] is not block:
            queue.extendleft(reversed(parts))
            continue
        if at_top:  # taller than a page and unsplittable: draw it anyway rather than loop
            h = block.wrap(fw, avail)[1]
            block.draw(canvas, fx, y - h)
            y -= h
            continue
        canvas.showPage()
        page += 1
        on_page(canvas, page)
        y = top
        queue.appendleft(block)
    canvas.showPage()
    return page


class PageBreak(Block):
    """Ends the page (nothing is drawn); at the top of a page it takes no room."""

    def __init__(self, page_height: float):
        self.page_height = page_height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = 0.0 if avail_height >= self.page_height - EPS else avail_height
        return avail_width, self.height

    def min_height(self, avail_width: float) -> float:
        return 0.0

    def draw(self, canvas: Canvas, x: float, y: float) -> None:
        pass
