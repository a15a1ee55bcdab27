"""Run a program of this project as of a moment, its clock ticking from there: how tests start the processes that
must agree with a run's travelled clock (tests/conftest.py), such as a server or a Celery worker.

    python -m tests.travelled 2028-02-29T09:31:05+00:00 manage.py runserver ...
    python -m tests.travelled 2028-02-29T09:31:05+00:00 -m celery -A config worker ...
"""

import datetime
import runpy
import sys

import time_machine


def main(argv: list[str]) -> None:
    if len(argv) < 2 or (argv[1] == "-m" and len(argv) < 3):
        raise SystemExit("usage: python -m tests.travelled MOMENT (SCRIPT | -m MODULE) [ARGUMENT...]")
    moment = datetime.datetime.fromisoformat(argv[0])
    with time_machine.travel(moment, tick=True):
        if argv[1] == "-m":
            sys.argv = [argv[2], *argv[3:]]
            runpy.run_module(argv[2], run_name="__main__", alter_sys=True)
        else:
            sys.argv = argv[1:]
            runpy.run_path(argv[1], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
