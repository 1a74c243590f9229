"""Pages of the public side: data stories, comments, data requests, staff moderation, the feed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sousei.clients import client_address
from sousei.errors import InvalidInput, PermissionDenied
from sousei.orgs.selectors import organisations_editable_by
from sousei.orgs.services import require, user_can
from sousei.participation import selectors, services
from sousei.participation.models import Comment, RequestStatus, Target
from sousei.web.context import english
from sousei.web.forms import CommentForm, DataRequestForm, ResidentSignupForm, StoryForm
from sousei.web.stories import render_story


def poster(request: HttpRequest) -> services.Poster:
    return services.Poster(address=client_address(request), user=request.user)


def safe_next(request: HttpRequest, target: str | None) -> str:
    """Where to go back to: a path on this site only, never an open redirect."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def comments_context(kind: str, key: str) -> dict[str, Any]:
    """What `_comments.html` needs under a story, a KPI or a dataset."""
    return {
        "comments": selectors.published_comments(kind, key),
        "comment_form": CommentForm(),
        "comment_action": reverse("comment_post", args=[kind, key]),
    }


@require_POST
def comment_post(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    back = safe_next(request, request.POST.get("next"))
    if kind not in Target.values:
        raise InvalidInput("対象の種類が正しくありません。", f"Unknown target {kind!r}.")
    form = CommentForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        raise InvalidInput(errors, errors, code="invalid_comment")
    display_name = form.cleaned_data["display_name"]
    if not display_name and request.user.is_authenticated:
        display_name = request.user.get_username()
    services.comment_submit(
        poster=poster(request),
        target_kind=kind,
        target_key=key,
        body=form.cleaned_data["body"],
        display_name=display_name,
        email=form.cleaned_data["email"],
        honeypot=form.cleaned_data["website"],
    )
    messages.success(request, _("Thank you. Your comment will appear once staff have read it."))
    return redirect(back + "#comments")


# --- stories -------------------------------------------------------------------------------


def story_list(request: HttpRequest) -> HttpResponse:
    stories = selectors.visible_stories(request.user)
    can_write = organisations_editable_by(request.user).exists()
    return render(request, "web/story_list.html", {"stories": stories, "can_write": can_write})


def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    story = selectors.story_get(user=request.user, slug=slug)
    body = story.frozen_html if story.frozen_at else render_story(story.body)
    context = {
        "story": story,
        "body": body,
        "can_edit": user_can(request.user, story.organisation, "edit"),
        **comments_context(Target.STORY, str(story.pk)),
    }
    return render(request, "web/story.html", context)


def _story_form(request: HttpRequest, story=None) -> StoryForm:
    initial = {}
    if story is not None:
        initial = {
            "organisation": story.organisation,
            "slug": story.slug,
            "title": story.title,
            "department": story.department,
            "body": story.body,
        }
    return StoryForm(
        request.POST or None,
        initial=initial,
        organisations=organisations_editable_by(request.user),
    )


@login_required
def story_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Write or edit a story; 'preview' renders it with live data without saving."""
    story = selectors.story_get(user=request.user, slug=slug) if slug else None
    if story is not None and not user_can(request.user, story.organisation, "edit"):
        raise PermissionDenied("この記事を編集する権限がありません。", "You may not edit it.")
    form = _story_form(request, story)
    preview = None
    status = 200
    if request.method == "POST" and request.POST.get("action") == "preview":
        preview = render_story(request.POST.get("body", ""))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        story = services.story_save(
            actor=request.user,
            organisation=data["organisation"],
            slug=data["slug"],
            title=data["title"],
            body=data["body"],
            department=data["department"],
            story=story,
        )
        if request.POST.get("action") == "publish":
            services.story_publish(actor=request.user, story=story)
        messages.success(request, _("Saved."))
        return redirect("story", story.slug)
    elif request.method == "POST":
        status = 400
    context = {"form": form, "story": story, "preview": preview}
    return render(request, "web/story_edit.html", context, status=status)


@login_required
@require_POST
def story_state(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish, withdraw, freeze or unfreeze a story."""
    story = selectors.story_get(user=request.user, slug=slug)
    require(request.user, story.organisation, "edit")  # before any rendering for a freeze
    action = request.POST.get("action")
    if action in ("publish", "withdraw"):
        services.story_publish(actor=request.user, story=story, published=action == "publish")
    elif action in ("freeze", "unfreeze"):
        html = str(render_story(story.body)) if action == "freeze" else None
        services.story_freeze(actor=request.user, story=story, html=html)
    else:
        raise InvalidInput("操作が正しくありません。", f"Unknown action {action!r}.")
    return redirect("story", story.slug)


# --- data requests ---------------------------------------------------------------------------


def request_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/request_list.html", {"requests": selectors.public_requests()})


def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    return render(request, "web/request.html", {"item": selectors.request_get(request_id)})


def request_new(request: HttpRequest) -> HttpResponse:
    form = DataRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = services.request_submit(
            poster=poster(request),
            organisation=data["organisation"],
            title=data["title"],
            description=data["description"],
            display_name=data["display_name"],
            email=data["email"],
            honeypot=data["website"],
        )
        messages.success(request, _("Thank you. Your request has been received."))
        return redirect("data_request", created.pk)
    if request.method == "POST":
        status = 400
    return render(request, "web/request_new.html", {"form": form}, status=status)


# --- moderation ------------------------------------------------------------------------------


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    context = {
        "queue": selectors.comment_queue(request.user),
        "recent": selectors.published_replied(request.user),
        "requests": selectors.open_requests(request.user),
        "statuses": RequestStatus.choices,
        "english": english(),
    }
    return render(request, "web/moderation.html", context)


@login_required
@require_POST
def moderate_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = Comment.objects.select_related("organisation").filter(pk=comment_id).first()
    if comment is None or not user_can(request.user, comment.organisation, "view"):
        raise PermissionDenied("この操作はできません。", "You may not do this.")
    action = request.POST.get("action", "")
    if action == "reply":
        services.comment_reply(
            actor=request.user, comment=comment, text=request.POST.get("reply", "")
        )
    else:
        services.comment_moderate(
            actor=request.user,
            comment=comment,
            action=action,
            reason=request.POST.get("reason", ""),
        )
    messages.success(request, _("Done."))
    return redirect("moderation")


@login_required
@require_POST
def moderate_request(request: HttpRequest, request_id: int) -> HttpResponse:
    data_request = selectors.request_get(request_id)
    services.request_update(
        actor=request.user,
        data_request=data_request,
        status=request.POST.get("status", ""),
        reason=request.POST.get("reason", ""),
        dataset_name=request.POST.get("dataset_name", ""),
    )
    messages.success(request, _("Done."))
    return redirect("moderation")


# --- residents' accounts and measures ---------------------------------------------------------


def signup(request: HttpRequest) -> HttpResponse:
    """A resident registers to comment under an account (no role in any organisation)."""
    from django.contrib.auth import login

    form = ResidentSignupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.resident_signup(
            poster=poster(request),
            username=data["username"],
            password=data["password"],
            email=data["email"],
            honeypot=data["website"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready."))
        return redirect(safe_next(request, request.POST.get("next")))
    if request.method == "POST":
        status = 400
    context = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "registration/signup.html", context, status=status)


# --- the feed --------------------------------------------------------------------------------


class UpdatesFeed(Feed):
    """New datasets, versions, stories and published reports, newest first (Atom)."""

    feed_type = Atom1Feed
    title = "sousei"
    link = "/"
    subtitle = "新しいデータ・版・記事・効果検証報告書 / new datasets, versions, stories, reports"

    def items(self) -> list[dict[str, Any]]:
        from sousei.catalog.models import ResourceVersion
        from sousei.participation.models import Story
        from sousei.strategy.models import Report

        versions = (
            ResourceVersion.objects.filter(resource__dataset__is_private=False)
            .select_related("resource__dataset__organisation")
            .order_by("-created_at")[:30]
        )
        items = [
            {
                "title": _("%(dataset)s — %(resource)s, version %(n)s")
                % {"dataset": v.resource.dataset.title, "resource": v.resource.name, "n": v.version}
                if v.version > 1
                else _("New dataset: %(title)s") % {"title": v.resource.dataset.title},
                "link": reverse("dataset", args=[v.resource.dataset.name]),
                "date": v.created_at,
                "author": v.resource.dataset.organisation.name,
                "key": f"version-{v.pk}",
            }
            for v in versions
        ]
        items += [
            {
                "title": _("Story: %(title)s") % {"title": s.title},
                "link": reverse("story", args=[s.slug]),
                "date": s.published_at,
                "author": s.department or s.organisation.name,
                "key": f"story-{s.pk}",
            }
            for s in Story.objects.filter(published_at__isnull=False)
            .select_related("organisation")
            .order_by("-published_at")[:30]
        ]
        items += [
            {
                "title": _("Effect-verification report: %(name)s (fiscal year %(year)s)")
                % {"name": r.strategy.name, "year": r.fiscal_year},
                "link": reverse("strategy_published_report", args=[r.strategy_id, r.pk]),
                "date": r.published_at,
                "author": r.strategy.organisation.name,
                "key": f"report-{r.pk}",
            }
            for r in Report.objects.filter(strategy__is_published=True, strategy__is_archived=False)
            .select_related("strategy__organisation")
            .order_by("-published_at")[:30]
        ]
        return sorted(items, key=lambda item: item["date"], reverse=True)[:50]

    def item_title(self, item: dict[str, Any]) -> str:
        return item["title"]

    def item_link(self, item: dict[str, Any]) -> str:
        return item["link"]

    def item_description(self, item: dict[str, Any]) -> str:
        return item["title"]

    def item_pubdate(self, item: dict[str, Any]):
        return item["date"]

    def item_author_name(self, item: dict[str, Any]) -> str:
        return item["author"]

    def item_guid(self, item: dict[str, Any]) -> str:
        return item["key"]
