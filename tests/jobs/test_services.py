"""The job queue: one claim per job, progress, retries, stale workers, who may see a job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from sousei.errors import InvalidInput, NotFound
from sousei.jobs.models import Job
from sousei.jobs.services import (
    job_claim,
    job_enqueue,
    job_get_for,
    job_run,
    job_run_here,
    jobs_recover_stale,
    register,
)
from sousei.orgs.services import organisation_for_area, user_create

pytestmark = pytest.mark.django_db
CALLS: list[str] = []


@register("test.ok")
def _ok(job, progress):
    progress(5, 10)
    progress(10, 10)
    return {"echo": job.payload["x"]}


@register("test.bad_input")
def _bad_input(job, progress):
    raise InvalidInput("3行目が不正です。", "Row 3 is invalid.", code="bad_row")


@register("test.flaky")
def _flaky(job, progress):
    CALLS.append(str(job.pk))
    if len(CALLS) < 2:
        raise RuntimeError("disk hiccup")
    return {"ok": True}


def test_a_job_is_claimed_once():
    job = job_enqueue("test.ok", {"x": 1})
    first = job_claim("w1", job_id=job.pk)
    second = job_claim("w2", job_id=job.pk)
    assert first is not None and first.worker == "w1" and first.attempts == 1
    assert second is None


def test_a_job_run_here_is_never_in_the_queue_for_a_worker(monkeypatch):
    """A worker polling between creation and the run would otherwise take a small upload."""
    taken = []

    def worker_polls_right_after(*args, **kwargs):
        job = job_enqueue(*args, **kwargs)
        taken.append(job_claim("background-worker"))
        return job

    monkeypatch.setattr("sousei.jobs.services.job_enqueue", worker_polls_right_after)
    job = job_run_here("test.ok", {"x": 2})
    assert taken == [None]
    assert job.status == Job.Status.SUCCEEDED and job.result == {"echo": 2}
    assert job.attempts == 1 and job.worker != "background-worker"


def test_a_successful_job_records_result_and_progress():
    job = job_run(job_claim("w", job_id=job_enqueue("test.ok", {"x": "あ"}).pk))
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"echo": "あ"}
    assert (job.progress_done, job.progress_total, job.percent) == (10, 10, 100)
    assert job.finished_at is not None


def test_bad_input_fails_at_once_with_both_languages():
    job = job_run(job_claim("w", job_id=job_enqueue("test.bad_input", {}).pk))
    assert job.status == Job.Status.FAILED and job.attempts == 1
    assert job.error["code"] == "bad_row"
    assert job.error["messages"] == {"ja": "3行目が不正です。", "en": "Row 3 is invalid."}


def test_an_unexpected_error_is_retried_then_succeeds():
    CALLS.clear()
    job = job_enqueue("test.flaky", {})
    after_first = job_run(job_claim("w", job_id=job.pk))
    assert after_first.status == Job.Status.QUEUED
    after_second = job_run(job_claim("w", job_id=job.pk))
    assert after_second.status == Job.Status.SUCCEEDED and after_second.attempts == 2


def test_an_unexpected_error_gives_up_without_leaking_the_traceback():
    CALLS.clear()
    job = job_enqueue("test.flaky", {}, max_attempts=1)
    done = job_run(job_claim("w", job_id=job.pk))
    assert done.status == Job.Status.FAILED
    assert done.error["code"] == "job_failed"
    assert "disk hiccup" not in str(done.error)


def test_a_job_whose_worker_died_is_requeued_then_failed():
    job = job_enqueue("test.ok", {"x": 1}, max_attempts=2)
    job_claim("dead-worker", job_id=job.pk)
    stale = timedelta(seconds=settings.SOUSEI_JOB_STALE_SECONDS)
    later = timezone.now() + stale + timedelta(seconds=1)
    assert jobs_recover_stale(now=later) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    job_claim("dead-again", job_id=job.pk)
    jobs_recover_stale(now=later + stale)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error["code"] == "worker_lost"


def test_a_fresh_running_job_is_left_alone():
    job = job_enqueue("test.ok", {"x": 1})
    job_claim("alive", job_id=job.pk)
    assert jobs_recover_stale() == 0


def test_only_its_creator_and_organisation_see_a_job():
    organisation = organisation_for_area(code="032093")
    owner = user_create(username="job-owner", password="x-long-passphrase")
    member = user_create(
        username="job-member", password="x-long-passphrase", organisation=organisation
    )
    stranger = user_create(username="job-stranger", password="x-long-passphrase")
    job = job_enqueue("test.ok", {"x": 1}, actor=owner, organisation=organisation)
    assert job_get_for(owner, job.pk) == job
    assert job_get_for(member, job.pk) == job
    with pytest.raises(NotFound):
        job_get_for(stranger, job.pk)


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError, match="no handler"):
        job_enqueue("test.nothing", {})
