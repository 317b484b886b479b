"""customer_tier (rules/bss/customer_tier.yaml) for bench/compare_peers.py:
the generated records, and the same table written for each peer. Every
`*_rows` function returns canonical rows (tier, archive_required,
visit_interval_months, call_interval_months) for the agreement check."""
import decimal
import json

import numpy as np

POLICY = "customer_tier"


def generate(n, seed):
    """arpu in cents: uniform 0..120 yuan, a fifth of the rows on or one
    cent beside the 30 and 60 yuan thresholds."""
    rng = np.random.default_rng(seed)
    cents = rng.integers(0, 12000, n)
    edge = rng.random(n) < 0.2
    cents[edge] = rng.choice([2999, 3000, 3001, 5999, 6000, 6001], int(edge.sum()))
    return {"customer_id": np.array([f"C{i}" for i in range(n)], dtype=object), "cents": cents}


def verdict_records(data, n):
    """Dicts as a caller holds them: money as decimal.Decimal."""
    ids, cents = data["customer_id"], data["cents"]
    return [{"customer_id": ids[i], "arpu": decimal.Decimal(int(cents[i])).scaleb(-2)}
            for i in range(n)]


def float_records(data, n):
    """Dicts with arpu as a float (ZEN, CEL and plain Python take these)."""
    ids, cents = data["customer_id"], data["cents"]
    return [{"customer_id": ids[i], "arpu": int(cents[i]) / 100} for i in range(n)]


def frame(data):
    import pandas as pd
    return pd.DataFrame({"customer_id": data["customer_id"], "arpu": data["cents"] / 100})


def arrow_table(data):
    """arpu as decimal128(12, 2) (exact money), built from the cents."""
    import pyarrow as pa
    cents = data["cents"].astype(np.int64)
    n = len(cents)
    words = np.stack([cents, np.where(cents < 0, -1, 0)], axis=1).astype(np.int64)
    arpu = pa.Array.from_buffers(pa.decimal128(12, 2), n, [None, pa.py_buffer(words.tobytes())])
    return pa.table({"customer_id": pa.array(data["customer_id"], type=pa.string()),
                     "arpu": arpu})


# --- ZEN: one first-hit decision table, as the policy's own table -------------

def zen_jdm():
    cols = ["tier", "archive_required", "visit_interval_months", "call_interval_months"]
    rows = [
        (">= 60", '"high"', "true", "2", "1"),
        ("[30..60)", '"mid"', "false", "null", "null"),
        ("< 30", '"mass"', "false", "null", "null"),
    ]
    rules = []
    for k, (cell, *outs) in enumerate(rows):
        rule = {"_id": f"r{k}", "in_arpu": cell}
        rule.update({f"out_{c}": v for c, v in zip(cols, outs)})
        rules.append(rule)
    table = {
        "id": "tier", "name": "tier", "type": "decisionTableNode",
        "position": {"x": 200, "y": 0},
        "content": {
            "hitPolicy": "first",
            "inputs": [{"id": "in_arpu", "name": "arpu", "field": "arpu"}],
            "outputs": [{"id": f"out_{c}", "name": c, "field": c} for c in cols],
            "rules": rules,
        },
    }
    return json.dumps({
        "nodes": [
            {"id": "in", "name": "request", "type": "inputNode", "position": {"x": 0, "y": 0}},
            table,
            {"id": "out", "name": "response", "type": "outputNode", "position": {"x": 400, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "in", "targetId": "tier", "type": "edge"},
            {"id": "e2", "sourceId": "tier", "targetId": "out", "type": "edge"},
        ],
    })


def zen_row(result):
    r = result["result"]
    return (r["tier"], r["archive_required"], _int(r.get("visit_interval_months")),
            _int(r.get("call_interval_months")))


# --- CEL: the table as one conditional expression returning a map ------------

CEL = """
arpu >= 60.0 ? {"tier": "high", "archive_required": true,
                "visit_interval_months": 2, "call_interval_months": 1}
: arpu >= 30.0 ? {"tier": "mid", "archive_required": false,
                  "visit_interval_months": null, "call_interval_months": null}
: {"tier": "mass", "archive_required": false,
   "visit_interval_months": null, "call_interval_months": null}
"""


def cel_row(out):
    return (out["tier"], out["archive_required"], _int(out["visit_interval_months"]),
            _int(out["call_interval_months"]))


# --- plain Python and numpy ----------------------------------------------------

def python_decide(record):
    arpu = record["arpu"]
    if arpu >= 60:
        return {"tier": "high", "archive_required": True,
                "visit_interval_months": 2, "call_interval_months": 1}
    elif arpu >= 30:
        return {"tier": "mid", "archive_required": False,
                "visit_interval_months": None, "call_interval_months": None}
    else:
        return {"tier": "mass", "archive_required": False,
                "visit_interval_months": None, "call_interval_months": None}


def numpy_inputs(data):
    return data["cents"] / 100  # float64 yuan, as a DataFrame column holds them


def numpy_decide(arpu):
    high, mid = arpu >= 60, arpu >= 30
    tier = np.select([high, mid], ["high", "mid"], "mass")
    visit = np.where(high, 2, -1)  # -1: no value
    call = np.where(high, 1, -1)
    return {"tier": tier, "archive_required": high, "visit": visit, "call": call}


def dict_row(d):
    return (d["tier"], d["archive_required"], _int(d["visit_interval_months"]),
            _int(d["call_interval_months"]))


def numpy_columns(out):
    """Canonical columns of numpy_decide's output."""
    return {"tier": out["tier"].astype(object), "archive": out["archive_required"],
            "visit": out["visit"], "call": out["call"]}


def arrow_columns(table):
    """Canonical columns of an evaluate_arrow result (nulls as -1)."""
    return {"tier": table.column("tier").to_numpy(zero_copy_only=False).astype(object),
            "archive": table.column("archive_required").to_numpy(zero_copy_only=False),
            "visit": table.column("visit_interval_months").fill_null(-1).to_numpy(),
            "call": table.column("call_interval_months").fill_null(-1).to_numpy()}


def frame_columns(df):
    return {"tier": df["tier"].to_numpy(dtype=object),
            "archive": df["archive_required"].to_numpy(dtype=bool),
            "visit": df["visit_interval_months"].fillna(-1).to_numpy(dtype=np.int64),
            "call": df["call_interval_months"].fillna(-1).to_numpy(dtype=np.int64)}


def _int(v):
    return None if v is None else int(v)
