"""The Python API of the verdict package, end to end on the shipped pack."""
import importlib
import dataclasses
import datetime
import decimal
import os
import threading
import warnings

import pytest

import verdict

D = decimal.Decimal
AS_OF = "2026-11-24"


def test_load_errors_carry_positions(root):
    with pytest.raises(verdict.PolicyError) as e:
        verdict.load(str(root / "examples" / "broken_pack"))
    err = e.value
    assert (err.file.endswith("refund.yaml"), err.line, err.column) == (True, 13, 42)
    messages = [str(d) for d in err.diagnostics]
    assert any("tier.yaml:13:24" in m and "did you mean 'arpu'" in m for m in messages)


def test_pack_identity(pack):
    assert pack.name == "bss"
    assert set(pack.policies) == {"customer_tier", "customer_rank_tier", "retention_followup",
                                  "refund_approval", "number_grade"}
    assert len(pack.content_hash) == 64  # SHA-256, hex
    info = pack.policy_info("customer_rank_tier")
    assert info["batch"] is True
    assert [f["name"] for f in info["fields"]] == ["customer_id", "monthly_spend"]


def test_exact_money_in_and_out(pack):
    out = pack.evaluate("refund_approval", {
        "request_id": "r1", "account_id": "a1", "amount": D("0.01"),
        "month_to_date_refunded": D("199.99"), "cause": "billing_data_error",
        "has_basis_document": True, "cause_description": "rating error"}, as_of=AS_OF)
    assert out["cumulative_amount"] == D("200")
    assert isinstance(out["cumulative_amount"], D)
    assert out["amount_approver"] == "city_branch_deputy_manager"
    assert out["approval_chain"] == ["it_center_head", "city_branch_deputy_manager"]


def test_floats_are_taken_by_their_shortest_text(pack):
    out = pack.evaluate("refund_approval", {
        "request_id": "r1", "account_id": "a1", "amount": 0.1, "month_to_date_refunded": 199.9,
        "cause": "other", "has_basis_document": True, "cause_description": "x"}, as_of=AS_OF)
    assert out["cumulative_amount"] == D("200")


def test_a_float_is_its_shortest_text_and_never_rounded_across_a_boundary(pack):
    # 59.99999999 is not 60: refused for its places, as the same number in
    # JSON is, never snapped to the 60 boundary (high tier).
    for arpu in (59.99999999, 0.1 + 0.2, 6.5600000000000005):
        with pytest.raises(verdict.RecordError) as e:
            pack.evaluate("customer_tier", {"customer_id": "c", "arpu": arpu}, as_of=AS_OF)
        assert (e.value.code, e.value.field) == ("invalid_value", "arpu")
        assert "4 decimal places" in str(e.value)
    assert pack.evaluate("customer_tier", {"customer_id": "c", "arpu": 59.9999}, as_of=AS_OF)["tier"] == "mid"
    assert pack.evaluate("customer_tier", {"customer_id": "c", "arpu": 60.0}, as_of=AS_OF)["tier"] == "high"
    out = pack.evaluate_many("customer_tier", [{"customer_id": "c", "arpu": 59.99999999},
                                               {"customer_id": "d", "arpu": 60.0}], as_of=AS_OF)
    assert out[0]["error"]["code"] == "invalid_value" and out[1]["tier"] == "high"
    import pandas as pd
    frame = pd.DataFrame({"customer_id": ["c", "d"], "arpu": [59.99999999, 60.0]})
    out = pack.evaluate_many("customer_tier", frame, as_of=AS_OF)
    assert out["error"][0]["code"] == "invalid_value" and out["tier"][1] == "high"


def test_dates_and_datetimes(pack):
    out = pack.evaluate("retention_followup", {
        "customer_id": "c", "arpu": 45, "monthly_spend": 50, "last_month_spend": 50,
        "disconnect_requested_at": datetime.datetime(2026, 11, 20, 18, 30)},
        as_of=datetime.date(2026, 11, 24))
    assert out["actions"] == [
        {"action": "contact", "channel": "phone", "reason": "disconnect_request",
         "due": datetime.datetime(2026, 11, 20, 22, 30)},
        {"action": "resolve_disconnect", "channel": "office", "reason": "disconnect_request",
         "due": datetime.date(2026, 11, 24)},
    ]
    aware = datetime.datetime(2026, 11, 20, 10, 30, tzinfo=datetime.timezone.utc)
    out = pack.evaluate("retention_followup", {
        "customer_id": "c", "arpu": 45, "monthly_spend": 50, "last_month_spend": 50,
        "disconnect_requested_at": aware}, as_of=AS_OF)
    assert out["actions"][0]["due"] == datetime.datetime(2026, 11, 20, 22, 30)


def test_dataclass_records(pack):
    @dataclasses.dataclass
    class Customer:
        customer_id: str
        arpu: decimal.Decimal

    assert pack.evaluate("customer_tier", Customer("c1", D("60")), as_of=AS_OF)["tier"] == "high"


def test_record_error_names_the_field(pack):
    with pytest.raises(verdict.RecordError) as e:
        pack.evaluate("customer_tier", {"customer_id": "c1", "arpu": "lots"}, as_of=AS_OF)
    assert e.value.field == "arpu"
    assert e.value.code == "wrong_type"


def test_batch_policy_needs_evaluate_many(pack):
    with pytest.raises(ValueError, match="evaluate_many"):
        pack.evaluate("customer_rank_tier", {"customer_id": "c", "monthly_spend": 1}, as_of=AS_OF)


def test_evaluate_many_lists_keep_invalid_rows(pack):
    out = pack.evaluate_many("customer_rank_tier", [
        {"customer_id": "a", "monthly_spend": 10},
        {"customer_id": "b", "monthly_spend": "x"},
        {"customer_id": "c", "monthly_spend": 5},
    ], as_of=AS_OF)
    assert out[0] == {"tier": "high", "share": D("0")}
    assert out[1]["error"]["field"] == "monthly_spend"
    assert out[2] == {"tier": "low", "share": D("0.5")}


def test_evaluate_many_an_item_that_is_no_record_is_its_error(pack):
    # None, a number, a list: that item's invalid_json error (as a JSON line
    # that is not an object), the records around it decided; in a batch
    # policy it is left out of the aggregates as any invalid record is.
    out = pack.evaluate_many("customer_tier", [
        {"customer_id": "a", "arpu": 70}, None, 7, ["customer_id", "b"],
        {"customer_id": "c", "arpu": 10},
    ], as_of=AS_OF)
    assert len(out) == 5
    assert out[0]["tier"] == "high" and out[4]["tier"] == "mass"
    for item, kind in ((out[1], "NoneType"), (out[2], "int"), (out[3], "list")):
        assert item == {"error": {"code": "invalid_json", "field": None, "message":
                                  f"a record is a dict or a dataclass instance, not {kind}"}}
    ranked = pack.evaluate_many("customer_rank_tier", [
        {"customer_id": "a", "monthly_spend": 10}, None,
        {"customer_id": "c", "monthly_spend": 5},
    ], as_of=AS_OF)
    assert ranked[1]["error"]["code"] == "invalid_json"
    assert ranked[0] == {"tier": "high", "share": D("0")}
    assert ranked[2] == {"tier": "low", "share": D("0.5")}
    # A single record that is no record is a misuse of evaluate (kind 1).
    with pytest.raises(TypeError, match="not NoneType"):
        pack.evaluate("customer_tier", None, as_of=AS_OF)


def test_evaluate_many_takes_any_records_and_keeps_order(pack, root):
    # Dicts, dataclasses and other mappings, from any iterable (a generator
    # here), across more than one native chunk; traces on every row.
    import collections.abc

    @dataclasses.dataclass
    class Customer:
        customer_id: str
        arpu: decimal.Decimal

    class Row(collections.abc.Mapping):
        def __init__(self, **kw): self._d = kw
        def __getitem__(self, k): return self._d[k]
        def __iter__(self): return iter(self._d)
        def __len__(self): return len(self._d)

    def records():
        for i in range(20000):
            if i % 3 == 0:
                yield {"customer_id": f"c{i}", "arpu": i % 100}
            elif i % 3 == 1:
                yield Customer(f"c{i}", D(i % 100))
            else:
                yield Row(customer_id=f"c{i}", arpu=None if i % 1000 == 2 else float(i % 100))

    out = pack.evaluate_many("customer_tier", records(), as_of=AS_OF, trace=True)
    assert len(out) == 20000
    for i in range(0, 20000, 13):
        row = out[i]
        if i % 3 == 2 and i % 1000 == 2:  # invalid: no trace (docs/errors.md)
            assert row["error"]["field"] == "arpu" and "trace" not in row
            continue
        want = "high" if i % 100 >= 60 else "mid" if i % 100 >= 30 else "mass"
        assert row["tier"] == want, i
        assert row["trace"][0]["rule"] in ("high-end", "mid", "mass")
    # An item that is no record is its own error, not the batch's
    # (test_evaluate_many_an_item_that_is_no_record_is_its_error).
    assert pack.evaluate_many("customer_tier", [42], as_of=AS_OF)[0]["error"]["code"] == \
        "invalid_json"


def test_an_empty_as_of_is_refused_on_every_path(pack):
    """as_of="" is an error, as `verdict eval --as-of ''` is; it silently
    meant today. None is today."""
    import pandas as pd
    import pyarrow as pa
    record = {"customer_id": "C-1", "arpu": 72.5}
    calls = [
        lambda: pack.evaluate("customer_tier", record, as_of=""),
        lambda: pack.evaluate_many("customer_tier", [record], as_of=""),
        lambda: pack.evaluate_many("customer_tier", pd.DataFrame([record]), as_of=""),
        lambda: pack.evaluate_arrow("customer_tier", pa.Table.from_pylist([record]), as_of=""),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="as_of '' is an empty date"):
            call()
    assert pack.evaluate("customer_tier", record, as_of=None)["tier"] == "high"


def test_strict_pack_reports_unknown_fields_per_record(root):
    strict = verdict.load(os.path.join(root, "rules", "bss"), strict_fields=True)
    out = strict.evaluate_many("customer_tier", [
        {"customer_id": "a", "arpu": 70},
        {"customer_id": "b", "arpu": 70, "arpuu": 1},
    ], as_of=AS_OF)
    assert out[0]["tier"] == "high"
    assert out[1]["error"]["code"] == "unknown_field"
    assert out[1]["error"]["field"] == "arpuu"


def test_trace(pack):
    out = pack.evaluate("customer_tier", {"customer_id": "c", "arpu": 75}, as_of=AS_OF, trace=True)
    assert out["trace"] == [{"decision": "tier", "rule": "high-end",
                             "values": {"customer.arpu": D("75")}}]


def test_threads_share_a_pack(pack):
    records = [{"customer_id": f"c{i}", "arpu": i % 90} for i in range(2000)]
    expected = pack.evaluate_many("customer_tier", records, as_of=AS_OF)
    failures = []

    def work():
        for _ in range(5):
            if pack.evaluate_many("customer_tier", records, as_of=AS_OF) != expected:
                failures.append(1)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures


def test_list_outputs_are_new_lists_per_row(pack):
    # Output strings are shared between rows (OutputConverter), list outputs
    # never: changing one row's list leaves every other row as decided.
    import pandas as pd
    req = {"request_id": "R1", "account_id": "A1", "amount": decimal.Decimal("10.00"),
           "cause": "line_fault", "has_basis_document": True,
           "cause_description": "line down"}
    rows = pack.evaluate_many("refund_approval", [req, dict(req), dict(req)],
                              as_of="2026-11-24")
    rows[0]["stages"].append("changed")
    rows[0]["approval_chain"].clear()
    rows[1]["stages"].pop()  # a row converted from the cached first list
    assert rows[1]["approval_chain"] == ["maintenance_department_head", "department_head"]
    assert rows[2]["stages"] == ["apply", "approve", "operate", "review", "audit", "analyze"]
    assert rows[2]["approval_chain"] == ["maintenance_department_head", "department_head"]
    assert len({id(r["stages"]) for r in rows}) == 3
    frame = pack.evaluate_many("refund_approval", pd.DataFrame([req, dict(req)]),
                               as_of="2026-11-24")
    frame["stages"][0].append("changed")
    assert frame["stages"][1] == ["apply", "approve", "operate", "review", "audit", "analyze"]


def test_decimal_inputs_and_outputs(pack):
    # Decimal inputs are read from their text: subclasses too; NaN is a
    # missing value; an infinity is refused for its record and field, as
    # float('inf') is, and so is a number beyond the engine's range or
    # precision (as `1e400` is in JSON Lines). Equal decimal outputs may be
    # one shared (immutable) object.
    class Money(decimal.Decimal):
        pass

    req = {"request_id": "R1", "account_id": "A1", "amount": decimal.Decimal("10.50"),
           "month_to_date_refunded": Money("189.5"), "cause": "line_fault",
           "has_basis_document": True, "cause_description": "line down"}
    rows = pack.evaluate_many(
        "refund_approval",
        [req, dict(req), dict(req, amount=decimal.Decimal("NaN")),
         dict(req, amount=decimal.Decimal("-Infinity")),
         dict(req, amount=decimal.Decimal("Infinity"))],
        as_of="2026-11-24")
    assert rows[0]["cumulative_amount"] == decimal.Decimal("200")
    assert str(rows[1]["cumulative_amount"]) == str(rows[0]["cumulative_amount"])
    assert rows[2]["error"]["field"] == "amount"
    assert rows[2]["error"]["code"] == "missing_field"
    for bad in rows[3:]:
        assert bad["error"] == {"code": "invalid_value", "field": "amount",
                                "message": "field 'amount': not a finite amount"}
    huge = (decimal.Decimal("1E+400"), 10**60, decimal.Decimal("0.1234567890123456789"))
    rows = pack.evaluate_many("refund_approval", [req] + [dict(req, amount=h) for h in huge],
                              as_of="2026-11-24")
    assert rows[0]["cumulative_amount"] == decimal.Decimal("200")
    for bad, text in zip(rows[1:], ["1E+400", "1" + "0" * 60, "0.1234567890123456789"]):
        assert bad["error"] == {
            "code": "invalid_value", "field": "amount",
            "message": f"field 'amount': {text} is out of range or too precise"}


def test_pack_warnings_say_what_verdict_check_says(pack, tmp_path):
    # The shipped pack loads without a warning; a money output that may need
    # rounding is warned about at its file:line:col, as `verdict check`
    # prints it, and the pack still loads and decides.
    assert pack.warnings == []
    (tmp_path / "pack.yaml").write_text('pack: fees\nversion: "1"\nzone: "+08:00"\n')
    (tmp_path / "fees.yaml").write_text(
        "policy: fees\nrecord: r\nfields:\n  amount: money\noutputs:\n  fee: money\n"
        "decisions:\n  - id: fee\n    rules:\n      - id: all\n"
        "        then: {fee: \"=r.amount * 0.05\"}\n")
    fees = verdict.load(str(tmp_path))
    assert fees.warnings == [
        f"{tmp_path}/fees.yaml:11:22: warning: money has at most 4 decimal places, but this "
        "expression can have 6: a record that needs more fails with evaluation_error; round "
        "it, e.g. =math.round(r.amount * 0.05, 4)"]
    assert fees.evaluate("fees", {"amount": decimal.Decimal("10.20")}, as_of="2026-11-24") == \
        {"fee": decimal.Decimal("0.51")}


def test_datetimes_beyond_the_packs_clock_are_invalid_values(pack):
    # rules/bss keeps Shanghai time (+08:00): 20:00 UTC on 9999-12-31 is
    # 10000-01-01T04:00 there, which no output could write; a naive
    # 0001-01-01T00:00 there is before year 1 in UTC. Both name the field,
    # as the same text would.
    base = {"customer_id": "c", "arpu": 10, "monthly_spend": 10, "last_month_spend": 10}
    utc = datetime.timezone.utc
    for when in (datetime.datetime(9999, 12, 31, 20, 0, tzinfo=utc),
                 datetime.datetime(1, 1, 1, 0, 0),
                 "9999-12-31T20:00:00Z"):
        with pytest.raises(verdict.RecordError) as e:
            pack.evaluate("retention_followup", {**base, "disconnect_requested_at": when}, as_of=AS_OF)
        assert e.value.code == "invalid_value" and e.value.field == "disconnect_requested_at"
    # The last second Shanghai can write is decided; 4h later is beyond it.
    with pytest.raises(verdict.RecordError) as e:
        pack.evaluate("retention_followup", {**base, "disconnect_requested_at": datetime.datetime(9999, 12, 31, 23, 59, 59)},
                      as_of=AS_OF)
    assert e.value.code == "evaluation_error" and "out of range" in str(e.value)
    with warnings.catch_warnings():  # its working days lie past the calendar's years
        warnings.simplefilter("ignore", verdict.CalendarWarning)
        out = pack.evaluate("retention_followup",
                            {**base, "disconnect_requested_at": datetime.datetime(9999, 12, 20, 10, 0)},
                            as_of=AS_OF)
    assert out["actions"][0]["due"] == datetime.datetime(9999, 12, 20, 14, 0)


def test_a_local_no_rule_set_reads_as_null_on_every_route(tmp_path):
    # Records are decided on one reused frame: a local set for one record
    # must not be read by the next, where no rule sets it.
    pd = importlib.import_module("pandas")
    (tmp_path / "p.yaml").write_text(
        "policy: p\nrecord: r\nfields:\n  n: int\noutputs:\n  seen: string?\n"
        "locals:\n  note: string?\ndecisions:\n"
        "  - id: set_note\n    hit: first\n    rules:\n"
        "      - id: one\n        when: r.n == 1\n        then: {note: one}\n"
        "  - id: read_note\n    rules:\n"
        "      - id: copy\n        then: {seen: =note}\n")
    pack = verdict.load(str(tmp_path))
    records = [{"n": n} for n in (1, 2, 1, 3)]
    want = ["one", None, "one", None]
    assert [d["seen"] for d in pack.evaluate_many("p", records, as_of=AS_OF)] == want
    assert [pack.evaluate("p", r, as_of=AS_OF)["seen"] for r in records] == want
    frame = pack.evaluate_many("p", pd.DataFrame({"n": [1, 2, 1, 3]}), as_of=AS_OF)
    got = [None if pd.isna(v) else v for v in frame["seen"]]
    assert got == want


def test_a_fraction_of_a_second_survives_the_round_trip(pack):
    out = pack.evaluate("retention_followup", {
        "customer_id": "c", "arpu": 10, "monthly_spend": 10, "last_month_spend": 10,
        "disconnect_requested_at": datetime.datetime(2026, 11, 20, 10, 0, 0, 123456)}, as_of=AS_OF)
    assert out["actions"][0]["due"] == datetime.datetime(2026, 11, 20, 14, 0, 0, 123456)


def test_an_as_of_beyond_the_calendar_warns_once_per_date(root):
    # The CLI warns on stderr (Pack::CalendarWarning); Python with a
    # CalendarWarning, from every entry point, once per pack and date.
    import pandas as pd
    import pyarrow as pa

    pk = verdict.load(str(root / "rules" / "bss"))
    record = {"customer_id": "c", "arpu": 70}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pk.evaluate("customer_tier", record, as_of="2026-12-31")
        assert caught == []
        pk.evaluate("customer_tier", record, as_of="2027-02-05")
        pk.evaluate_many("customer_tier", [record], as_of="2027-02-05")
        pk.evaluate_many("customer_tier", pd.DataFrame([record]), as_of="2027-02-05")
        pk.evaluate_arrow("customer_tier", pa.Table.from_pylist([record]),
                          as_of=datetime.date(2027, 2, 5))
        assert [w.category for w in caught] == [verdict.CalendarWarning]
        assert str(caught[0].message) == (
            "as-of 2027-02-05 lies beyond the calendar 'cn_mainland', which lists "
            "holidays up to 2026; working days after that count weekends only")
        # Given deep inside the package (a DataFrame goes through
        # evaluate_arrow), it points at the caller's line all the same.
        pk.evaluate_many("customer_tier", pd.DataFrame([record]), as_of="2028-01-03")
        assert [str(w.message)[:16] for w in caught[1:]] == ["as-of 2028-01-03"]
        assert [w.filename for w in caught] == [__file__, __file__]
    assert issubclass(verdict.CalendarWarning, UserWarning)
