"""Background job that publishes a 効果検証 report (snapshot, PDF and Excel) for staff who asked
on the web, so the page never waits for the PDF to be made."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sousei.jobs.models import Job
from sousei.jobs.services import Progress, job_actor, register

PUBLISH_REPORT = "strategy.publish_report"


@register(PUBLISH_REPORT)
def publish_report_job(job: Job, progress: Progress) -> dict[str, Any]:
    from sousei.strategy.services import report_publish, strategy_for_write

    actor = job_actor(job)
    strategy = strategy_for_write(actor, job.payload["strategy_id"])
    progress(0, 1)
    report = report_publish(
        actor=actor, strategy=strategy, year=job.payload["year"], via="web", job=job.pk
    )
    progress(1, 1)
    return {
        "report": report.pk,
        "fiscal_year": report.fiscal_year,
        "url": reverse("strategy_published_report", args=[strategy.pk, report.pk]),
    }
