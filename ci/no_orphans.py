#!/usr/bin/env python3
"""Runs a command (the test suite) and fails if any process it started outlives it.

Usage: ci/no_orphans.py COMMAND [ARGS...]

This process makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so every process
the command starts and then abandons -- an nginx worker whose master was killed, a server a
fixture forgot to stop -- is re-parented here instead of to init. When the command exits, the
stragglers get five seconds to finish; any still alive are listed (pid and command line), killed,
and the exit status is 1 even if the command passed. Otherwise the command's own status.
"""
import ctypes
import os
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def children():
    """Live (non-zombie) processes whose parent is this one."""
    me = os.getpid()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            # The command name is in parentheses and may hold spaces: split after the last ')'.
            fields = stat[stat.rindex(")") + 2:].split()
            state, ppid = fields[0], int(fields[1])
            if ppid != me or state == "Z":
                continue
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
            found.append((int(entry), cmd))
        except (OSError, ValueError):
            continue
    return found


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("no_orphans: prctl(PR_SET_CHILD_SUBREAPER) failed; cannot check", file=sys.stderr)
        return 2
    status = subprocess.call(sys.argv[1:])
    deadline = time.monotonic() + 5
    left = children()
    while left and time.monotonic() < deadline:
        reap()
        time.sleep(0.1)
        left = children()
    if not left:
        return status
    print(f"no_orphans: {len(left)} process(es) started by the tests are still running:", file=sys.stderr)
    for pid, cmd in left:
        print(f"  pid {pid}: {cmd}", file=sys.stderr)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    time.sleep(0.2)
    reap()
    return status or 1


if __name__ == "__main__":
    sys.exit(main())
