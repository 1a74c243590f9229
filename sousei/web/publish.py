"""Staff pages: publish a new dataset, add a version, edit metadata, follow a background job.

A small upload is read during the request, so a bad file is answered at once with a 4xx and
its problems; a big one is handed to the worker and the browser follows the job's progress.
Browsers with JavaScript send the form by XHR (upload progress bar) and get JSON back.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sousei.catalog.models import Dataset
from sousei.catalog.services import dataset_update, name_check
from sousei.catalog.tasks import PUBLISH_FILE, incoming_store
from sousei.errors import NotFound, PermissionDenied, SouseiError
from sousei.jobs.models import Job
from sousei.jobs.services import job_enqueue, job_get_for, job_run_here
from sousei.orgs.models import Organisation
from sousei.orgs.selectors import organisations_editable_by
from sousei.orgs.services import require, user_can
from sousei.web.forms import DatasetEditForm, NewDatasetForm, UploadForm


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _error_text(error: dict[str, Any]) -> str:
    language = get_language() or "ja"
    return error["messages"]["en" if language.startswith("en") else "ja"]


def editable_dataset(request: HttpRequest, name: str) -> Dataset:
    """A dataset the user may change; one they may not see is the same 404 as a missing one."""
    dataset = Dataset.objects.select_related("organisation").filter(name=name).first()
    if dataset is None or (
        dataset.is_private and not user_can(request.user, dataset.organisation, "view")
    ):
        raise NotFound(
            f"データセット「{name}」は見つかりません。",
            f"Dataset {name!r} not found.",
            code="dataset_not_found",
        )
    require(request.user, dataset.organisation, "edit")
    return dataset


def _start_upload(
    request: HttpRequest, organisation: Organisation, dataset_name: str, options: dict[str, Any]
) -> Job:
    upload = request.FILES["file"]
    path = incoming_store(upload)
    payload = {
        "path": str(path),
        "actor_id": request.user.pk,
        "options": {"dataset_name": dataset_name, "filename": upload.name, **options},
    }
    start = job_run_here if upload.size <= settings.SOUSEI_INLINE_UPLOAD_BYTES else job_enqueue
    return start(PUBLISH_FILE, payload, actor=request.user, organisation=organisation)


def _upload_response(
    request: HttpRequest, job: Job, form: Any, template: str, context: dict[str, Any]
) -> HttpResponse:
    """Where the browser goes next: the dataset, the job's progress page, or the form again
    with the file's problems and the error's status code."""
    if job.status == Job.Status.FAILED:
        status = job.error.get("status", 400)
        if _wants_json(request):
            return JsonResponse({"error": job.error}, status=status)
        return render(request, template, {**context, "form": form, "job": job}, status=status)
    if job.status == Job.Status.SUCCEEDED:
        url = reverse("dataset", args=[job.result["dataset"]])
        messages.success(
            request,
            _("Published version %(version)s (%(rows)s rows).")
            % {"version": job.result["version"], "rows": f"{job.result['row_count']:,}"},
        )
    else:
        url = reverse("job", args=[job.pk])
    if _wants_json(request):
        return JsonResponse({"job": str(job.pk), "status": job.status, "redirect": url})
    return redirect(url)


def _invalid_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    if _wants_json(request):
        form = context["form"]
        return JsonResponse(
            {
                "error": {
                    "status": 400,
                    "code": "invalid_form",
                    "message": _("Please correct the fields marked below."),
                    "fields": {k: [str(e) for e in v] for k, v in form.errors.items()},
                }
            },
            status=400,
        )
    return render(request, template, context, status=400)


@login_required
def dataset_new(request: HttpRequest) -> HttpResponse:
    organisations = organisations_editable_by(request.user)
    if not organisations:
        raise PermissionDenied(
            "データを公開できる組織がありません。", "You may not publish for any organisation."
        )
    template = "web/dataset_new.html"
    form = NewDatasetForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method != "POST":
        return render(request, template, {"form": form})
    if not form.is_valid():
        return _invalid_form(request, template, {"form": form})
    organisation = form.organisations[form.cleaned_data["organisation"]]
    try:
        name_check(form.cleaned_data["name"])
        job = _start_upload(request, organisation, form.cleaned_data["name"], form.load_options())
    except SouseiError as error:
        form.add_error(None, error.message(get_language() or "ja"))
        return _error_response(request, error, template, {"form": form})
    return _upload_response(request, job, form, template, {})


def _error_response(
    request: HttpRequest, error: SouseiError, template: str, context: dict[str, Any]
) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(error.as_dict(get_language() or "ja"), status=error.status)
    return render(request, template, context, status=error.status)


@login_required
def dataset_upload(request: HttpRequest, name: str) -> HttpResponse:
    dataset = editable_dataset(request, name)
    template = "web/dataset_upload.html"
    context = {"dataset": dataset, "resources": list(dataset.resources.all())}
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, template, {**context, "form": form})
    if not form.is_valid():
        return _invalid_form(request, template, {**context, "form": form})
    try:
        job = _start_upload(request, dataset.organisation, dataset.name, form.load_options())
    except SouseiError as error:
        form.add_error(None, error.message(get_language() or "ja"))
        return _error_response(request, error, template, {**context, "form": form})
    return _upload_response(request, job, form, template, context)


@login_required
def dataset_edit(request: HttpRequest, name: str) -> HttpResponse:
    dataset = editable_dataset(request, name)
    template = "web/dataset_edit.html"
    initial = {
        "title": dataset.title,
        "description": dataset.description,
        "tags": ", ".join(dataset.tags),
        "licence_id": dataset.licence_id,
        "update_frequency": dataset.update_frequency,
        "spatial": ", ".join(dataset.spatial),
        "temporal_start": dataset.temporal_start,
        "temporal_end": dataset.temporal_end,
        "contact": dataset.contact,
        "is_private": dataset.is_private,
    }
    form = DatasetEditForm(request.POST or None, initial=initial)
    context = {"dataset": dataset, "form": form}
    if request.method != "POST":
        return render(request, template, context)
    if not form.is_valid():
        return render(request, template, context, status=400)
    try:
        dataset_update(actor=request.user, dataset=dataset, **form.metadata())
    except SouseiError as error:
        form.add_error(None, error.message(get_language() or "ja"))
        return render(request, template, context, status=error.status)
    messages.success(request, _("Saved."))
    return redirect("dataset", name=dataset.name)


def _result_url(result: dict[str, Any]) -> str:
    """Where a finished job's result lives; uploads finished before results carried a url
    still link to their dataset."""
    if "url" in result:
        return result["url"]
    return reverse("dataset", args=[result["dataset"]]) if "dataset" in result else ""


@login_required
def job_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    job = job_get_for(request.user, job_id)
    return render(
        request,
        "web/job.html",
        {
            "job": job,
            "error_text": _error_text(job.error) if job.error else "",
            "result_url": _result_url(job.result or {}),
        },
    )
