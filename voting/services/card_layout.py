"""Where code cards sit on the paper: pure geometry, no Django, so the benchmark and the tests
can reason about pages without a database.

Every card is placed at an absolute position on its own page. WeasyPrint lays that out in a
fraction of the time flex or float wrapping takes, and a card can never be split by a page
break because pages are made here, not by the layout engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    name: str
    columns: int
    rows: int
    card_width: float  # millimetres
    card_height: float
    left: float  # where the first card starts on the A4 sheet
    top: float
    gap_x: float = 0.0
    gap_y: float = 0.0
    cut_marks: bool = True  # label sheets are pre-cut: no marks

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def position(self, index: int) -> tuple[float, float]:
        row, column = divmod(index % self.per_page, self.columns)
        return (
            self.left + column * (self.card_width + self.gap_x),
            self.top + row * (self.card_height + self.gap_y),
        )

    def cut_lines(self) -> tuple[list[float], list[float]]:
        """The x and y positions of the cuts, for marks in the page margins."""
        xs = sorted(
            {self.left + c * (self.card_width + self.gap_x) for c in range(self.columns)}
            | {
                self.left + c * (self.card_width + self.gap_x) + self.card_width
                for c in range(self.columns)
            }
        )
        ys = sorted(
            {self.top + r * (self.card_height + self.gap_y) for r in range(self.rows)}
            | {
                self.top + r * (self.card_height + self.gap_y) + self.card_height
                for r in range(self.rows)
            }
        )
        return xs, ys


# A4 is 210 × 297 mm.
LAYOUTS: dict[str, Layout] = {
    # Two columns of five business-card-sized cards, cut on a guillotine.
    "a4-10": Layout("a4-10", columns=2, rows=5, card_width=95, card_height=55, left=10, top=11),
    # Eight larger cards (easier to read, bigger QR code).
    "a4-8": Layout("a4-8", columns=2, rows=4, card_width=99, card_height=68, left=6, top=12.5),
    # Avery L7165 / J8165 style sheets: 8 labels of 99.1 × 67.7 mm.
    "labels-8": Layout(
        "labels-8",
        columns=2,
        rows=4,
        card_width=99.1,
        card_height=67.7,
        left=4.65,
        top=13.1,
        gap_x=2.5,
        cut_marks=False,
    ),
}
DEFAULT_LAYOUT = "a4-10"


def paginate(items: Sequence, layout: Layout) -> Iterator[list]:
    for start in range(0, len(items), layout.per_page):
        yield list(items[start : start + layout.per_page])
