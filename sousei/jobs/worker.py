"""`sousei worker`: the loop that runs queued jobs until stopped."""

from __future__ import annotations

import logging
import signal
import threading

from django.db import close_old_connections, connection

from sousei.jobs.services import job_claim, job_run, jobs_recover_stale, worker_name

logger = logging.getLogger("sousei.jobs")


def run_worker(*, once: bool = False, poll_seconds: float = 1.0) -> int:
    """Run jobs until SIGTERM/SIGINT (or, with `once`, until the queue is empty); returns the
    number of jobs run. A stop signal lets the current job finish first."""
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    name = worker_name()
    ran = 0
    while not stop.is_set():
        if not connection.in_atomic_block:  # a test's transaction must stay open
            close_old_connections()
        jobs_recover_stale()
        job = job_claim(name)
        if job is None:
            if once:
                break
            stop.wait(poll_seconds)
            continue
        logger.info("running job %s (%s)", job.pk, job.kind)
        job_run(job)
        ran += 1
    return ran
