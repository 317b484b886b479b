"""refund_approval routing (rules/bss/refund_approval.yaml, spec §4 of
shared/spec/bss-policies.md) for bench/compare_peers.py: the generated
requests, and the same routing written for each peer. Canonical rows are
(status, reject_reasons, cumulative cents, amount_approver, approval_chain,
stages) for the agreement check."""
import decimal
import json

import numpy as np

POLICY = "refund_approval"
CAUSES = ["billing_dispute", "one_time_fee", "service_issue", "billing_data_error",
          "line_fault", "cable_fault", "other"]
CAUSE_APPROVERS = [
    ["functional_department_head", "marketing_department_head"],
    ["functional_department_head", "marketing_department_head"],
    ["functional_department_head", "marketing_department_head"],
    ["it_center_head"],
    ["maintenance_department_head"],
    ["maintenance_department_head"],
    [],
]
STAGES = ["apply", "approve", "operate", "review", "audit", "analyze"]
DESCRIPTIONS = ["wrong charge on bill", "   ", None]


def generate(n, seed):
    """Amounts 0.01..1000.00 yuan; month-to-date 0 for a third, else up to
    600; a fifth of the rows land the cumulative amount exactly on 200 or
    500; causes, branches, documents and descriptions mixed."""
    rng = np.random.default_rng(seed)
    amount = rng.integers(1, 100_001, n)
    mtd = np.where(rng.random(n) < 1 / 3, 0, rng.integers(0, 60_001, n))
    edge = rng.random(n) < 0.2
    target = rng.choice([20_000, 50_000], n)
    on_edge = edge & (amount < target)
    mtd[on_edge] = target[on_edge] - amount[on_edge]
    return {
        "request_id": np.array([f"R{i}" for i in range(n)], dtype=object),
        "account_id": np.array([f"A{i % 5000}" for i in range(n)], dtype=object),
        "amount": amount, "mtd": mtd,
        "cause": rng.integers(0, len(CAUSES), n),
        "county": rng.random(n) < 0.5,
        "basis": rng.random(n) < 0.8,
        "description": rng.choice([0, 0, 0, 0, 0, 0, 0, 1, 2, 2], n),
    }


def _record(data, i, money):
    return {
        "request_id": data["request_id"][i], "account_id": data["account_id"][i],
        "amount": money(int(data["amount"][i])),
        "month_to_date_refunded": money(int(data["mtd"][i])),
        "cause": CAUSES[data["cause"][i]],
        "branch": "county" if data["county"][i] else "city",
        "has_basis_document": bool(data["basis"][i]),
        "cause_description": DESCRIPTIONS[data["description"][i]],
    }


def verdict_records(data, n):
    """Dicts with money as decimal.Decimal (plain Python decides these too)."""
    return [_record(data, i, lambda c: decimal.Decimal(c).scaleb(-2)) for i in range(n)]


def float_records(data, n):
    """Dicts with money as float yuan (ZEN parses numbers as exact decimals)."""
    return [_record(data, i, lambda c: c / 100) for i in range(n)]


def cents_records(data, n):
    """Dicts with money as int cents: CEL has no decimals, and float sums
    would miss the 200 and 500 boundaries."""
    return [_record(data, i, int) for i in range(n)]


def _columns(data):
    return {
        "request_id": data["request_id"], "account_id": data["account_id"],
        "cause": np.array(CAUSES, dtype=object)[data["cause"]],
        "branch": np.where(data["county"], "county", "city").astype(object),
        "has_basis_document": data["basis"],
        "cause_description": np.array(DESCRIPTIONS, dtype=object)[data["description"]],
    }


def frame(data):
    import pandas as pd
    cols = _columns(data)
    cols["amount"] = data["amount"] / 100
    cols["month_to_date_refunded"] = data["mtd"] / 100
    return pd.DataFrame(cols)


def arrow_table(data):
    import pyarrow as pa

    def money(cents):
        words = np.stack([cents.astype(np.int64), np.zeros(len(cents), np.int64)], axis=1)
        return pa.Array.from_buffers(pa.decimal128(12, 2), len(cents),
                                     [None, pa.py_buffer(words.tobytes())])

    cols = {k: pa.array(v) for k, v in _columns(data).items()}
    cols["amount"] = money(data["amount"])
    cols["month_to_date_refunded"] = money(data["mtd"])
    return pa.table(cols)


def arrow_table_encoded(data):
    """arrow_table with the cause, branch and description columns
    dictionary-encoded (as pandas categoricals and Parquet give them): the
    integer codes numpy_decide reads, each with its dictionary of texts."""
    import pyarrow as pa
    table = arrow_table(data)

    def encoded(codes, texts):
        return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()),
                                              pa.array(texts, pa.string()))

    cols = {
        "cause": encoded(data["cause"], CAUSES),
        "branch": encoded(data["county"].astype(np.int32), ["city", "county"]),
        "cause_description": encoded(data["description"], DESCRIPTIONS),
    }
    for name, column in cols.items():
        table = table.set_column(table.schema.get_field_index(name), name, column)
    return table


# --- ZEN: expression nodes around the two tables of the policy ---------------

def _node(id_, type_, content, x):
    return {"id": id_, "name": id_, "type": type_, "position": {"x": x, "y": 0},
            "content": content}


def _table(id_, inputs, output, rows, x):
    rules = []
    for k, (*cells, out) in enumerate(rows):
        rule = {"_id": f"{id_}{k}", "out": out}
        rule.update({f"in{j}": c for j, c in enumerate(cells)})
        rules.append(rule)
    return _node(id_, "decisionTableNode", {
        "hitPolicy": "first", "passThrough": True,
        "inputs": [{"id": f"in{j}", "name": f, "field": f} for j, f in enumerate(inputs)],
        "outputs": [{"id": "out", "name": output, "field": output}],
        "rules": rules,
    }, x)


def _expressions(id_, pairs, x):
    return _node(id_, "expressionNode", {
        "passThrough": True,
        "expressions": [{"id": f"{id_}{k}", "key": key, "value": value}
                        for k, (key, value) in enumerate(pairs)],
    }, x)


def zen_jdm():
    q = lambda items: json.dumps(items)  # noqa: E731  a JSON list is a ZEN list
    nodes = [
        {"id": "in", "name": "request", "type": "inputNode", "position": {"x": 0, "y": 0}},
        _expressions("prepare", [
            ("cumulative", "month_to_date_refunded + amount"),
            # ZEN lists do not add: flatten() joins them.
            ("reasons", "flatten([has_basis_document == true ? [] : ['missing_basis_document'], "
                        "cause_description == null or trim(cause_description) == '' ? "
                        "['missing_cause_description'] : []])"),
        ], 100),
        _table("band", ["cumulative", "branch"], "band_approver", [
            ("< 200", '"county"', '"county_general_manager"'),
            ("< 200", "", '"department_head"'),
            ("[200..500)", "", '"city_branch_deputy_manager"'),
            (">= 500", "", '"city_branch_general_manager"'),
        ], 200),
        _table("causes", ["cause"], "cause_approvers", [
            ('"billing_dispute", "one_time_fee", "service_issue"', q(CAUSE_APPROVERS[0])),
            ('"billing_data_error"', q(CAUSE_APPROVERS[3])),
            ('"line_fault", "cable_fault"', q(CAUSE_APPROVERS[4])),
            ('"other"', "[]"),
        ], 300),
        _node("route", "expressionNode", {"expressions": [
            {"id": "r0", "key": "status", "value": "len(reasons) > 0 ? 'rejected' : 'route'"},
            {"id": "r1", "key": "reject_reasons", "value": "reasons"},
            {"id": "r2", "key": "cumulative_amount", "value": "cumulative"},
            {"id": "r3", "key": "amount_approver",
             "value": "len(reasons) > 0 ? null : band_approver"},
            {"id": "r4", "key": "approval_chain",
             "value": "len(reasons) > 0 ? [] : flatten([cause_approvers, [band_approver]])"},
            {"id": "r5", "key": "stages", "value": q(STAGES)},
        ]}, 400),
        {"id": "out", "name": "response", "type": "outputNode", "position": {"x": 500, "y": 0}},
    ]
    order = ["in", "prepare", "band", "causes", "route", "out"]
    edges = [{"id": f"e{k}", "sourceId": a, "targetId": b, "type": "edge"}
             for k, (a, b) in enumerate(zip(order, order[1:]))]
    return json.dumps({"nodes": nodes, "edges": edges})


def zen_row(result):
    r = result["result"]
    return (r["status"], tuple(r["reject_reasons"]), _cents(r["cumulative_amount"]),
            r.get("amount_approver"), tuple(r["approval_chain"]), tuple(r["stages"]))


# --- CEL: one expression over int cents ---------------------------------------

CEL = """
[month_to_date_refunded + amount].map(cum,
  [(has_basis_document ? [] : ["missing_basis_document"]) +
   (cause_description == null || cause_description.matches("^\\\\s*$")
      ? ["missing_cause_description"] : [])].map(reasons,
  {"status": size(reasons) > 0 ? "rejected" : "route",
   "reject_reasons": reasons,
   "cumulative_amount": cum,
   "amount_approver": size(reasons) > 0 ? null
      : cum < 20000 ? (branch == "county" ? "county_general_manager" : "department_head")
      : cum < 50000 ? "city_branch_deputy_manager" : "city_branch_general_manager",
   "approval_chain": size(reasons) > 0 ? []
      : (cause in ["billing_dispute", "one_time_fee", "service_issue"]
           ? ["functional_department_head", "marketing_department_head"]
         : cause == "billing_data_error" ? ["it_center_head"]
         : cause in ["line_fault", "cable_fault"] ? ["maintenance_department_head"] : [])
        + [cum < 20000 ? (branch == "county" ? "county_general_manager" : "department_head")
           : cum < 50000 ? "city_branch_deputy_manager" : "city_branch_general_manager"],
   "stages": ["apply", "approve", "operate", "review", "audit", "analyze"]})[0])[0]
"""


def cel_row(out):
    return (out["status"], tuple(out["reject_reasons"]), int(out["cumulative_amount"]),
            out["amount_approver"], tuple(out["approval_chain"]), tuple(out["stages"]))


# --- plain Python and numpy ----------------------------------------------------

def python_decide(r):
    cumulative = r["month_to_date_refunded"] + r["amount"]
    reasons = []
    if not r["has_basis_document"]:
        reasons.append("missing_basis_document")
    description = r["cause_description"]
    if description is None or not description.strip():
        reasons.append("missing_cause_description")
    if cumulative < 200:
        band = "county_general_manager" if r["branch"] == "county" else "department_head"
    elif cumulative < 500:
        band = "city_branch_deputy_manager"
    else:
        band = "city_branch_general_manager"
    cause = r["cause"]
    if cause in ("billing_dispute", "one_time_fee", "service_issue"):
        approvers = ["functional_department_head", "marketing_department_head"]
    elif cause == "billing_data_error":
        approvers = ["it_center_head"]
    elif cause in ("line_fault", "cable_fault"):
        approvers = ["maintenance_department_head"]
    else:
        approvers = []
    stages = ["apply", "approve", "operate", "review", "audit", "analyze"]
    if reasons:
        return {"status": "rejected", "reject_reasons": reasons, "cumulative_amount": cumulative,
                "amount_approver": None, "approval_chain": [], "stages": stages}
    return {"status": "route", "reject_reasons": [], "cumulative_amount": cumulative,
            "amount_approver": band, "approval_chain": approvers + [band], "stages": stages}


def numpy_inputs(data):
    return data


BANDS = np.array(["county_general_manager", "department_head", "city_branch_deputy_manager",
                  "city_branch_general_manager"], dtype=object)
REASONS = np.empty(4, dtype=object)
REASONS[:] = [[], ["missing_basis_document"], ["missing_cause_description"],
              ["missing_basis_document", "missing_cause_description"]]


def _chains():
    """Every (cause, band) chain once, as a flat object array."""
    out = np.empty(len(CAUSES) * len(BANDS), dtype=object)
    out[:] = [CAUSE_APPROVERS[c] + [b] for c in range(len(CAUSES)) for b in BANDS]
    return out


CHAINS = _chains()


def numpy_decide(d):
    """Vectorised over cents: the band by np.select, the chain and the
    reasons picked from precomputed lists by index."""
    cum = d["mtd"] + d["amount"]
    band = np.select([(cum < 20_000) & d["county"], cum < 20_000, cum < 50_000], [0, 1, 2], 3)
    no_text = d["description"] != 0
    reason_code = (~d["basis"]).astype(np.int64) + 2 * no_text
    rejected = reason_code > 0
    empty = np.empty(1, dtype=object)
    empty[0] = []
    return {
        "status": np.where(rejected, "rejected", "route"),
        "reject_reasons": REASONS[reason_code],
        "cumulative_cents": cum,
        "amount_approver": np.where(rejected, None, BANDS[band]),
        "approval_chain": np.where(rejected, empty[0:1].repeat(len(cum)),
                                   CHAINS[d["cause"] * len(BANDS) + band]),
    }


def dict_row(d):
    return (d["status"], tuple(d["reject_reasons"]), _cents(d["cumulative_amount"]),
            d["amount_approver"], tuple(d["approval_chain"]), tuple(d["stages"]))


def numpy_columns(out):
    return {"status": out["status"].astype(object),
            "reasons": [tuple(x) for x in out["reject_reasons"]],
            "cents": out["cumulative_cents"],
            "approver": out["amount_approver"],
            "chain": [tuple(x) for x in out["approval_chain"]]}


def arrow_columns(table):
    cents = [_cents(x) for x in table.column("cumulative_amount").to_pylist()]
    return {"status": table.column("status").to_numpy(zero_copy_only=False).astype(object),
            "reasons": [tuple(x) for x in table.column("reject_reasons").to_pylist()],
            "cents": np.array(cents),
            "approver": np.array(table.column("amount_approver").to_pylist(), dtype=object),
            "chain": [tuple(x) for x in table.column("approval_chain").to_pylist()]}


def frame_columns(df):
    return {"status": df["status"].to_numpy(dtype=object),
            "reasons": [tuple(x) for x in df["reject_reasons"]],
            "cents": np.array([_cents(x) for x in df["cumulative_amount"]]),
            "approver": np.array([None if x is None or x != x else x
                                  for x in df["amount_approver"]], dtype=object),
            "chain": [tuple(x) for x in df["approval_chain"]]}


def _cents(v):
    return int(round(decimal.Decimal(str(v)) * 100))
