from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "sousei.orgs"
    label = "orgs"
    verbose_name = "Organisations (組織)"
