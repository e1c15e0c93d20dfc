#!/usr/bin/env python3
"""Runs a command and prints the CPU seconds (user + system) it and its children used, on the last
line of stderr as `cpu_seconds=S`. Its own output passes through unchanged.

usage: cpu_run.py CMD [ARGS...]
"""
import os
import resource
import subprocess
import sys

rc = subprocess.call(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"cpu_seconds={usage.ru_utime + usage.ru_stime:.3f}", file=sys.stderr)
sys.exit(rc)
