"""The exports apps offer to be run as tasks. Each app registers its own in its ``AppConfig.ready``
(e.g. ``cms/cases/exports.py``): a name, and a function building the spreadsheet for a user from the
parameters they asked with. The function checks what that user may see, as its view did: it runs later,
in a worker, and the user's rights may have changed since."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cms.core.spreadsheets import Cell


@dataclass
class Spreadsheet:
    file_name: str  # what the download is called, e.g. "cases-20261130-0930.xlsx"
    sheets: dict[str, Iterable[list[Cell]]]  # sheet title → rows (header first)
    rows_total: int  # for the progress bar: the rows the sheets will give, about
    subject: str  # what the access log says was exported when the file is downloaded


Builder = Callable[..., Spreadsheet]  # (user, params: dict) → Spreadsheet


class NotAllowedError(Exception):
    """The user may no longer run this export (their rights changed while it waited)."""


_builders: dict[str, Builder] = {}


def register(kind: str, builder: Builder) -> None:
    _builders[kind] = builder


def builder(kind: str) -> Builder:
    return _builders[kind]
