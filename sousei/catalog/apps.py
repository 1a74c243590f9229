from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "sousei.catalog"
    label = "catalog"
    verbose_name = "Catalog (データカタログ)"
