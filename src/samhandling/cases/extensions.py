"""Sections that apps above cases add to the case page without cases importing them (the
agreement points a case concerns, for one). An app registers a template in its
``AppConfig.ready()``; the case page includes each with ``case`` and ``secretariat``."""

CASE_PAGE_SECTIONS: list[str] = []


def register_case_page_section(template_name: str) -> None:
    if template_name not in CASE_PAGE_SECTIONS:
        CASE_PAGE_SECTIONS.append(template_name)
