from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sousei.web"
    label = "web"
    verbose_name = "Web pages"
