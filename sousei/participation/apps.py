from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "sousei.participation"
    label = "participation"
    verbose_name = "Participation (住民参加)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sousei.catalog.signals import version_published
        from sousei.participation.receivers import on_version_published

        version_published.connect(on_version_published, dispatch_uid="requests-fulfilled")
