"""Background job that publishes an uploaded file (a web upload too big to read in the request).

The uploaded file waits in `DATA_DIR/incoming/<id>/`; the job reads it through the same service
as `sousei load`, then removes it — unless an unexpected error leaves a retry to come.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse

from sousei.catalog.services import dataset_publish_file, safe_filename
from sousei.errors import InvalidInput, PermissionDenied, SouseiError
from sousei.jobs.models import Job
from sousei.jobs.services import Progress, job_actor, register

PUBLISH_FILE = "catalog.publish_file"


def incoming_store(upload: UploadedFile) -> Path:
    """Save an upload where a worker process can read it; refuses files over the size limit
    before anything is written."""
    limit = settings.SOUSEI_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise InvalidInput(
            f"ファイルが大きすぎます（{upload.size:,} バイト、上限 {limit:,} バイト）。",
            f"The file is too large ({upload.size:,} bytes; the limit is {limit:,}).",
            code="file_too_large",
            status=413,
        )
    directory = Path(settings.DATA_DIR) / "incoming" / uuid.uuid4().hex
    directory.mkdir(parents=True)
    path = directory / safe_filename(upload.name or "upload")
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def _incoming_remove(path: Path) -> None:
    incoming = (Path(settings.DATA_DIR) / "incoming").resolve()
    directory = path.resolve().parent
    if directory.parent == incoming:
        shutil.rmtree(directory, ignore_errors=True)


@register(PUBLISH_FILE)
def publish_file_job(job: Job, progress: Progress) -> dict[str, Any]:
    payload = dict(job.payload)
    path = Path(payload.pop("path"))
    try:
        actor = job_actor(job)
        organisation = job.organisation
        if organisation is None:
            raise PermissionDenied("組織が削除されました。", "The organisation was deleted.")
        result = dataset_publish_file(
            actor=actor,
            organisation=organisation,
            path=path,
            on_progress=progress,
            **payload["options"],
        )
    except SouseiError:
        _incoming_remove(path)
        raise
    except Exception:
        if job.attempts >= job.max_attempts:
            _incoming_remove(path)
        raise
    _incoming_remove(path)
    return {
        "dataset": result.dataset.name,
        "url": reverse("dataset", args=[result.dataset.name]),
        "resource_id": str(result.resource.id),
        "version": result.version.version,
        "row_count": result.version.row_count,
        "created_dataset": result.created_dataset,
        "warnings": sum(1 for p in result.report.problems if p.severity != "error"),
    }
