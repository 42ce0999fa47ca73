"""The process pool of a consolidation, whose workers live no longer than the run.

Workers leave Ctrl-C and a request to end to the main process, which stops them; they end by
themselves when the main process is gone (killed outright, say), so that none keeps working
for a run nobody waits for.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from toolkit.aggregate.context import make_context

WORKER: dict = {}
"""What a worker process knows: the plan context of the run (``ctx``)."""

_PR_SET_PDEATHSIG = 1


def _start(parent: int, args: tuple | None) -> None:
    """Set up a worker: signals left to the main process, an end with it, and (when spawned)
    the plan context built anew."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with(parent)
    if args is not None:
        WORKER["ctx"] = make_context(*args)


def _end_with(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def executor(ctx, jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` workers for the run of ``ctx``."""
    mp_context = multiprocessing.get_context()
    if mp_context.get_start_method() == "fork":
        WORKER["ctx"] = ctx
        args = None
    else:  # spawned workers start empty and build their own context
        args = (ctx.plan, ctx.period, ctx.deadline, ctx.previous)
    return ProcessPoolExecutor(jobs, mp_context=mp_context, initializer=_start,
                               initargs=(os.getpid(), args))


def stop(pool: ProcessPoolExecutor) -> None:
    """End the pool without the work not yet begun; the workers finish what they hold (they
    leave Ctrl-C to this process), which takes a moment, then end."""
    pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def pool_for(ctx, jobs: int, files: int):
    """Worker processes for the files and the outputs, or None to work in this process."""
    # Each worker builds the layouts of the institutions whose files it checks.
    # The plan context is long-lived: keep the collector from walking it again and again (and,
    # in forked workers, from touching and so copying every page they inherited).
    gc.freeze()
    try:
        if jobs <= 1 or files < 4:
            yield None
            return
        pool = executor(ctx, jobs)
        try:
            yield pool
        except BaseException:
            stop(pool)
            raise
        pool.shutdown()
    finally:
        gc.unfreeze()
        WORKER.clear()


@contextmanager
def stoppable():
    """A request to end (SIGTERM) stops the run as Ctrl-C does, so that it ends the same
    tidy way (in the main thread only, where signals arrive)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


@contextmanager
def deferred_signals():
    """Ctrl-C and a request to end wait until the block is done (where the system allows)."""
    if not hasattr(signal, "pthread_sigmask") or \
            threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
