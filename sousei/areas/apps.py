from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "sousei.areas"
    label = "areas"
    verbose_name = "Areas (地域)"
