"""`/api/v1/jobs/{id}`: progress and outcome of background work (an upload being read)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from sousei.api.errors import ERROR_RESPONSES
from sousei.jobs.services import job_get_for

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: UUID
    kind: str
    status: str
    progress_done: int
    progress_total: int
    percent: int | None
    attempts: int
    result: dict[str, Any] | None
    error: dict[str, Any] | None
    created_at: datetime
    finished_at: datetime | None


@router.get("/jobs/{job_id}", response={200: JobOut, **ERROR_RESPONSES})
def jobs_show(request: HttpRequest, job_id: UUID) -> object:
    """A job its creator or its organisation's members may follow; 404 for anyone else."""
    return job_get_for(request.user, job_id)
