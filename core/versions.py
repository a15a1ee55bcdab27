"""Records edited against the version the officer's form was opened at (optimistic locking): a save from a stale
form is refused with the record as it now is, instead of overwriting what someone else saved meanwhile."""


class StaleEdit(Exception):
    """Someone else saved the record after the officer's form was opened; `current` is the record as it now is."""

    def __init__(self, current):
        super().__init__(f"{current!r} was changed by someone else")
        self.current = current
