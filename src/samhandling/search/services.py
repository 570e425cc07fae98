"""Keeping the full-text search index in step with the case register."""


def search_index_case(case_id: int) -> None:
    """(Re)index one case: its paper, its decisions and the text of its attachments.

    Services that change a case call this through ``transaction.on_commit``.
    """
