"""Great Expectations beside the load, in a thread of its own.

GX is pure Python: importing it takes 7-9 s and validating one suite about 3 s whatever the size
of the sample, while the load spends its time inside DuckDB, which lets other Python threads run
meanwhile. So one worker thread imports GX, creates the `ContractValidator` and validates each
sample the load hands it, in order, while the load goes on with the next file. The load collects
the summaries (waiting for the worker) before it writes its log, inside its transaction: an error
in GX fails the load as before, and nothing of it is committed.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from isu.gx_validation import ContractValidator


# GX's informational lines (temporary folders) go nowhere; the second logger sets INFO itself when
# imported, so this is done again after GX is imported
GX_LOGGERS = ("great_expectations", "great_expectations.data_context.types.base")


def quiet_gx_logging() -> None:
    for name in GX_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def _create(kommun_koder: set[str] | None) -> ContractValidator:
    from isu.gx_validation import ContractValidator  # imported here: in the worker thread

    quiet_gx_logging()
    return ContractValidator(kommun_koder)


class BackgroundValidator:
    """A `ContractValidator` fed from the load's thread and run in one worker thread.

    `validate_chunk` returns at once; `summary`, `summaries` and `validator` wait for every chunk
    handed over so far (and raise what the worker raised). `close` ends the worker."""

    def __init__(self, kommun_koder: set[str] | None = None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="isu-gx")
        self._created: Future[ContractValidator] = self._pool.submit(_create, kommun_koder)
        self._pending: list[Future[None]] = []

    def validate_chunk(self, table_name: str, df: pd.DataFrame) -> None:
        # one worker: the chunk is validated after the validator exists and after the chunks before it
        self._pending.append(self._pool.submit(lambda: self._created.result().validate_chunk(table_name, df)))

    @property
    def validator(self) -> ContractValidator:
        pending, self._pending = self._pending, []
        for future in pending:
            future.result()
        return self._created.result()

    def summary(self, table_name: str) -> dict[str, Any]:
        return self.validator.summary(table_name)

    def summaries(self) -> list[dict[str, Any]]:
        return self.validator.summaries()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
