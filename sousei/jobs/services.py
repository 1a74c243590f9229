"""Queueing, claiming and running jobs. Claims are compare-and-set updates, so any number of
worker processes on SQLite or PostgreSQL never run the same job twice."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F
from django.utils import timezone

from sousei.errors import NotFound, PermissionDenied, SouseiError
from sousei.jobs.models import Job
from sousei.orgs.models import Organisation
from sousei.orgs.services import user_can

logger = logging.getLogger("sousei.jobs")

Progress = Callable[[int, int], None]
Handler = Callable[[Job, Progress], dict[str, Any]]

HANDLERS: dict[str, Handler] = {}
PROGRESS_INTERVAL = 0.5


def register(kind: str) -> Callable[[Handler], Handler]:
    """Declare the function that runs jobs of `kind`; it returns the job's result as JSON."""

    def decorate(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler

    return decorate


def heartbeat_seconds() -> float:
    """How often a running job says it is alive: often enough that a live job is never taken
    for a lost one (four beats per stale period), at most every 5 s."""
    return max(0.2, min(5.0, settings.SOUSEI_JOB_STALE_SECONDS / 4))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def job_actor(job: Job) -> AbstractBaseUser:
    """The person who asked for the job; a job never runs with the operator's rights."""
    user = get_user_model().objects.filter(pk=job.payload.get("actor_id"), is_active=True).first()
    if user is None:
        raise PermissionDenied(
            "依頼した利用者が無効になったため中止しました。",
            "The user who asked for this job is no longer active.",
        )
    return user


def job_enqueue(
    kind: str,
    payload: dict[str, Any],
    *,
    actor: AbstractBaseUser | None = None,
    organisation: Organisation | None = None,
    max_attempts: int = 3,
    claimed_by: str | None = None,
) -> Job:
    """A new job, queued; or with `claimed_by`, already running for that worker."""
    if kind not in HANDLERS:
        raise ValueError(f"no handler registered for job kind {kind!r}")
    now = timezone.now()
    claim = (
        {
            "status": Job.Status.RUNNING,
            "worker": claimed_by,
            "started_at": now,
            "heartbeat_at": now,
            "attempts": 1,
        }
        if claimed_by
        else {}
    )
    return Job.objects.create(
        kind=kind,
        payload=payload,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        max_attempts=max_attempts,
        **claim,
    )


def job_claim(worker: str, *, job_id: Any = None) -> Job | None:
    """The oldest queued job (or `job_id`), now running for `worker`; None if there is none."""
    queued = Job.objects.filter(status=Job.Status.QUEUED)
    if job_id is not None:
        queued = queued.filter(pk=job_id)
    for candidate in queued.order_by("created_at").values_list("pk", flat=True)[:20]:
        now = timezone.now()
        claimed = Job.objects.filter(pk=candidate, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING,
            worker=worker,
            started_at=now,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
        )
        if claimed:
            return Job.objects.get(pk=candidate)
    return None


def jobs_recover_stale(*, now: Any = None) -> int:
    """Jobs whose worker stopped beating (killed, machine lost): retried, or failed at the last
    attempt with a message saying so."""
    now = now or timezone.now()
    stale_after = timedelta(seconds=settings.SOUSEI_JOB_STALE_SECONDS)
    stale = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=now - stale_after)
    count = 0
    for job in stale:
        if job.attempts < job.max_attempts:
            count += Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                status=Job.Status.QUEUED, worker=""
            )
        else:
            count += _finish(
                job,
                Job.Status.FAILED,
                error=_worker_lost().as_dict()["error"],
                only_if_running=True,
            )
    return count


def _worker_lost() -> SouseiError:
    return SouseiError(
        "処理中にワーカーが停止しました。再試行の上限に達したため中止しました。",
        "The worker stopped while running this job; it was retried and then given up.",
        code="worker_lost",
        status=500,
    )


def _finish(job: Job, status: str, *, only_if_running: bool = False, **fields: Any) -> int:
    rows = Job.objects.filter(pk=job.pk)
    if only_if_running:
        rows = rows.filter(status=Job.Status.RUNNING)
    return rows.update(status=status, finished_at=timezone.now(), **fields)


class _Heartbeat:
    """Keeps a running job's heartbeat fresh and writes its progress at most twice a second."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.stop = threading.Event()
        self.last_write = 0.0
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _beat(self) -> None:
        from django.db import connection

        try:
            while not self.stop.wait(heartbeat_seconds()):
                Job.objects.filter(pk=self.job.pk).update(heartbeat_at=timezone.now())
        finally:
            connection.close()

    def progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last_write < PROGRESS_INTERVAL and done < total:
            return
        self.last_write = now
        Job.objects.filter(pk=self.job.pk).update(
            progress_done=done, progress_total=total, heartbeat_at=timezone.now()
        )


def job_run(job: Job) -> Job:
    """Run a claimed job to its end. Bad input fails at once (it will not get better); an
    unexpected error is retried until `max_attempts`, its traceback logged, never shown."""
    handler = HANDLERS[job.kind]
    try:
        with _Heartbeat(job) as beat:
            result = handler(job, beat.progress)
    except SouseiError as error:
        _finish(job, Job.Status.FAILED, error=error.as_dict()["error"])
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        if job.attempts < job.max_attempts:
            Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, worker="")
        else:
            _finish(job, Job.Status.FAILED, error=_unexpected().as_dict()["error"])
    else:
        _finish(job, Job.Status.SUCCEEDED, result=result)
    job.refresh_from_db()
    return job


def _unexpected() -> SouseiError:
    return SouseiError(
        "処理中に予期しないエラーが起きました。管理者に連絡してください。",
        "An unexpected error stopped this job. Please contact the site administrator.",
        code="job_failed",
        status=500,
    )


def job_run_here(
    kind: str,
    payload: dict[str, Any],
    *,
    actor: AbstractBaseUser | None = None,
    organisation: Organisation | None = None,
) -> Job:
    """Run a job inside the current process (small uploads), on the worker's path.

    The job is created already claimed: queued first, a background worker could take it
    before this process did, and the request would end with the job still running.
    """
    job = job_enqueue(
        kind, payload, actor=actor, organisation=organisation, claimed_by=worker_name()
    )
    return job_run(job)


def job_get_for(user: AbstractBaseUser | AnonymousUser, job_id: Any) -> Job:
    """A job its creator, its organisation's members or a site administrator may see; anyone
    else gets the same 404 as for a job that does not exist."""
    job = Job.objects.select_related("organisation").filter(pk=job_id).first()
    visible = (
        job is not None
        and user.is_authenticated
        and (
            user.is_superuser
            or job.created_by_id == user.pk
            or (job.organisation is not None and user_can(user, job.organisation, "view"))
        )
    )
    if not visible:
        raise NotFound("処理が見つかりません。", "Job not found.", code="job_not_found")
    return job
