"""evaluate_arrow's `threads`: a batch decided row by row is split into
contiguous shares (at least 1,024 rows each) decided at once, each share an
output chunk. The rows must be those of one thread, for every shipped
policy (per-record and batch), with errors, nulls, sliced batches and
trace; the split must really happen (more output chunks than input
batches); bad counts are refused. Generated tables come from
test_arrow_columnar.py's generator (fixed seeds)."""
import os
import random

import numpy as np
import pyarrow as pa
import pytest
from verdict import _verdict

from test_arrow_columnar import AS_OF, generated_table, reference

BIG = 5000  # rows in one batch: four shares of at least 1,024


def big_table(pack, policy, seed):
    """One batch of BIG rows (nulls in every column: invalid records and
    the per-row path), a sliced batch (an offset into its buffers) and a
    batch too small to split."""
    parts = [generated_table(pack, policy, seed + k, nulls=True) for k in range(2)]
    rows = pa.concat_tables(parts).combine_chunks().to_batches()[0]
    if "number" in rows.schema.names:  # telephone numbers, some vanity ones
        rng = random.Random(seed)
        numbers = pa.array([rng.choice(("18888888888", "13912345678", "1380013",
                                        "abc", None)) if rng.random() < 0.3 else
                            "1" + "".join(rng.choice("0123456789") for _ in range(10))
                            for _ in range(rows.num_rows)])
        rows = rows.set_column(rows.schema.get_field_index("number"), "number", numbers)
    assert rows.num_rows >= BIG
    return pa.Table.from_batches([rows.slice(0, BIG), rows.slice(BIG, 1500),
                                  rows.slice(7, 100)])


@pytest.mark.parametrize("trace", [False, True])
def test_any_number_of_threads_gives_the_rows_of_one(pack, trace):
    for policy in pack.policies:
        table = big_table(pack, policy, seed=31)
        want = pack.evaluate_arrow(policy, table, as_of=AS_OF, trace=trace, threads=1)
        assert want.num_rows == table.num_rows
        errors = sum(e is not None for e in want.column("error").to_pylist())
        assert 0 < errors < want.num_rows, policy  # both kinds of rows
        for threads in (2, 3, 8):
            got = pack.evaluate_arrow(policy, table, as_of=AS_OF, trace=trace,
                                      threads=threads)
            assert got.schema.equals(want.schema), (policy, threads)
            assert got.to_pylist() == want.to_pylist(), (policy, threads)


def test_a_big_batch_is_split_and_the_reference_agrees(pack):
    # refund_approval is decided row by row (lists in its outputs).
    table = big_table(pack, "refund_approval", seed=41)
    one = pack.evaluate_arrow("refund_approval", table, as_of=AS_OF, threads=1)
    two = pack.evaluate_arrow("refund_approval", table, as_of=AS_OF, threads=2)
    four = pack.evaluate_arrow("refund_approval", table, as_of=AS_OF, threads=4)
    assert one.column("error").num_chunks == 3  # one per input batch
    # 5,000 rows: two shares with two threads, four with four; 1,500 rows:
    # one share; 100 rows: one.
    assert two.column("error").num_chunks == 2 + 1 + 1
    assert four.column("error").num_chunks == 4 + 1 + 1
    assert two.to_pylist() == one.to_pylist() == four.to_pylist()
    rows = pa.RecordBatchReader._import_from_c_capsule(
        pack._native.evaluate_arrow_rows("refund_approval", table.__arrow_c_stream__(),
                                         AS_OF, threads=3)).read_all()
    assert rows.to_pylist() == reference(pack, "refund_approval", table).to_pylist()
    assert rows.to_pylist() == one.to_pylist()
    # A batch policy's pass two is split the same way; pass one (the
    # aggregates) stays on one thread.
    rank = big_table(pack, "customer_rank_tier", seed=43)
    one = pack.evaluate_arrow("customer_rank_tier", rank, as_of=AS_OF, threads=1)
    two = pack.evaluate_arrow("customer_rank_tier", rank, as_of=AS_OF, threads=2)
    assert two.column("error").num_chunks == 2 + 1 + 1
    assert two.to_pylist() == one.to_pylist()
    assert sum(e is not None for e in one.column("error").to_pylist()) > 0
    one = pack.evaluate_arrow("refund_approval", table, as_of=AS_OF, threads=1)
    # A numpy integer is an int; the default (every core this process may
    # use) gives the same rows.
    assert pack.evaluate_arrow("refund_approval", table, as_of=AS_OF,
                               threads=np.int64(2)).to_pylist() == one.to_pylist()
    assert pack.evaluate_arrow("refund_approval", table, as_of=AS_OF).to_pylist() == \
        one.to_pylist()
    # The default is the engine's own count of this process's cores (its CPU
    # affinity, as `verdict eval` counts them): one share per core here.
    assert _verdict.cores_available() == len(os.sched_getaffinity(0))
    default = pack.evaluate_arrow("refund_approval", table, as_of=AS_OF)
    cores = _verdict.cores_available()
    shares = pack.evaluate_arrow("refund_approval", table, as_of=AS_OF, threads=cores)
    assert default.column("error").num_chunks == shares.column("error").num_chunks


@pytest.mark.parametrize("threads, error", [(0, ValueError), (-2, ValueError),
                                            (True, TypeError), ("2", TypeError),
                                            (1.5, TypeError)])
def test_bad_thread_counts_are_refused(pack, threads, error):
    table = big_table(pack, "customer_tier", seed=51)
    with pytest.raises(error, match="threads"):
        pack.evaluate_arrow("customer_tier", table, as_of=AS_OF, threads=threads)
