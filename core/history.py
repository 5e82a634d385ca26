"""Historical records (django-simple-history) whose history table carries its own indexes.

simple_history builds the historical model's Meta itself, so indexes cannot be declared on it the usual way;
`get_meta_options` is the hook it builds that Meta from. The indexes then live in the model state, so
migrations create them and SQLite's table rebuilds keep them.
"""

from django.db import models
from simple_history.models import HistoricalRecords


class IndexedHistoricalRecords(HistoricalRecords):
    """HistoricalRecords(..., indexes=[models.Index(...), ...]): the history table gets these indexes too."""

    def __init__(self, *args, indexes: tuple[models.Index, ...] | list[models.Index] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.extra_indexes = list(indexes)

    def get_meta_options(self, model) -> dict:
        options = super().get_meta_options(model)
        options["indexes"] = [*options.get("indexes", ()), *(index.clone() for index in self.extra_indexes)]
        return options
