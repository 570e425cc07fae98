from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "samhandling.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from samhandling.cases.signals import case_changed

        from .services import search_index_case

        def follow(sender, *, case_id: int, **kwargs) -> None:
            search_index_case(case_id)

        case_changed.connect(follow, dispatch_uid="search.follow_case_changed", weak=False)
