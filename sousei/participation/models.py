"""Comments by residents (moderated), data requests, and the log of every moderation action.

Personal data (an e-mail address, the client address) is stored only to reach the person or
to stop abuse, never shown; the client address only as a keyed hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sousei.orgs.models import Organisation


class Target(models.TextChoices):
    """What a comment is about."""

    STORY = "story", "story"
    MEASURE = "measure", "measure"
    KPI = "kpi", "kpi"
    DATASET = "dataset", "dataset"


class CommentStatus(models.TextChoices):
    PENDING = "pending", "pending"
    PUBLISHED = "published", "published"
    HIDDEN = "hidden", "hidden"


class Comment(models.Model):
    """A resident's comment; shown only once staff publish it, never edited afterwards."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="comments"
    )
    target_kind = models.CharField(max_length=16, choices=Target.choices)
    target_key = models.CharField(max_length=200)
    body = models.TextField()
    display_name = models.CharField(max_length=50, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    email = models.EmailField(blank=True, help_text="never shown")
    client = models.CharField(max_length=64, db_index=True, help_text="keyed hash of the address")
    status = models.CharField(
        max_length=12, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    hidden_reason = models.CharField(max_length=300, blank=True)
    reply = models.TextField(blank=True)
    reply_department = models.CharField(max_length=128, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_kind", "target_key", "status"])]

    def __str__(self) -> str:
        return f"{self.target_kind}:{self.target_key} #{self.pk} ({self.status})"


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")  # 受付
    CONSIDERING = "considering", _("Under consideration")  # 検討中
    PUBLISHED = "published", _("Published")  # 公開済み
    DECLINED = "declined", _("Cannot be done")  # 対応不可


class DataRequest(models.Model):
    """Someone asks an organisation for a dataset; the status is public."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="data_requests"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    display_name = models.CharField(max_length=50, blank=True)
    email = models.EmailField(blank=True, help_text="never shown")
    client = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    reason = models.TextField(blank=True, help_text="why it cannot be done, or a note")
    dataset_name = models.SlugField(
        max_length=100, blank=True, help_text="the dataset that answers it (once published)"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ModerationAction(models.Model):
    """Every action staff take on a comment or a request: who, when, what, why."""

    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    data_request = models.ForeignKey(
        DataRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    action = models.CharField(max_length=32)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"


class Signup(models.Model):
    """A resident's account created from one client: sign-ups count against the post limits."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    client = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class Story(models.Model):
    """データストーリー: a short article in Markdown whose embedded charts and figures come live
    from sousei's data, until it is frozen."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="stories")
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown with embeds such as [[chart:population:992011]]")
    department = models.CharField(max_length=128, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    frozen_html = models.TextField(blank=True, help_text="the rendered story when frozen")
    frozen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title
