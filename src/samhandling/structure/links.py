"""The extension point through which apps above the structure show their work on its
pages: the committee page links to the committee's calendar, cases and progress plan, the
person page to the person's calendar feed, a party's page to its adoptions.

The structure knows none of those apps. Each registers its links from its
``AppConfig.ready``; a page lists what is registered for its kind of object, in order."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise

Page = Literal["committee", "organisation", "person"]


@dataclass(frozen=True)
class PageLink:
    key: str
    label: str | Promise
    url: Callable[[object], str]
    order: int = 100
    shown_for: Callable[[object], bool] | None = None


_links: dict[str, dict[str, PageLink]] = {"committee": {}, "organisation": {}, "person": {}}


def page_link_register(
    page: Page,
    *,
    key: str,
    label: str | Promise,
    url: Callable[[object], str],
    order: int = 100,
    shown_for: Callable[[object], bool] | None = None,
) -> None:
    """Register (or replace, by key) a link on every page of one kind."""
    _links[page][key] = PageLink(key=key, label=label, url=url, order=order, shown_for=shown_for)


def page_links(page: Page, obj: object) -> list[tuple[str, str]]:
    """(label, url) of the links registered for this page, in order."""
    return [
        (str(link.label), link.url(obj))
        for link in sorted(_links[page].values(), key=lambda link: (link.order, link.key))
        if link.shown_for is None or link.shown_for(obj)
    ]
