from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "sousei.catalog"
    label = "catalog"
    verbose_name = "Catalog (データカタログ)"

    def ready(self) -> None:
        from sousei.catalog import tasks  # noqa: F401 - registers the background job
