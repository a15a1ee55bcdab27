"""pytest-xdist scheduling that keeps Django's test order on every worker.

pytest-django puts the tests that use the database inside a rolled-back transaction first and those that really
commit (transactional_db, live server, Celery worker) after them, because each of the latter ends by emptying the
database, taking with it the rows the data migrations made (role groups, categories, the intervention catalogue).
xdist's `loadfile` would hand a worker a whole file at a time, biggest first, so a file's committing tests could run
before the rolled-back tests of the next file. Here the unit of work is a run of consecutive tests from one file in
pytest-django's order, and units are handed out in that order: a worker takes up committing tests only once every
rolled-back test has been handed out, and a module's tests still share one worker (and its module fixtures).
"""

from xdist.scheduler import LoadScopeScheduling


class OrderedFileScheduling(LoadScopeScheduling):
    def __init__(self, config, log=None):
        super().__init__(config, log)
        self._units: dict[str, str] = {}

    def schedule(self) -> None:
        if self.collection is None and self.collection_is_completed:
            self._units = units_of(next(iter(self.registered_collections.values())))
        super().schedule()

    def _split_scope(self, nodeid: str) -> str:
        return self._units[nodeid]


def units_of(collection: list[str]) -> dict[str, str]:
    """Each test's unit: its file, numbered by how many times the file has come round again in the order."""
    units: dict[str, str] = {}
    rounds: dict[str, int] = {}
    previous = None
    for nodeid in collection:
        file = nodeid.split("::", 1)[0]
        if file != previous:
            rounds[file] = rounds.get(file, -1) + 1
            previous = file
        units[nodeid] = f"{file}#{rounds[file]}"
    return units
