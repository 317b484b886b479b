"""Arrow string cells for number fields (money, decimal, int, double) are
read as the same text written as a number in a JSON line: JSON's number
notation in range is the number; in that notation but beyond the decimal
range or precision it is the field's invalid_value ("1e400 is out of range
or too precise", as `verdict eval` says); any other text ("0100", ".5",
"+60", which a JSON line refuses as malformed) is no number, and the field
refuses it as it refuses any text: wrong_type."""
import decimal
import json
import random
import textwrap

import pyarrow as pa
import pytest

import verdict

D = decimal.Decimal
AS_OF = "2026-11-28"
TYPES = ["money", "decimal", "int", "double"]
FIXED = ["0100", ".5", "+60", "60.", "1e400", "1e-400", "1.23456789012345678901", "-0",
         "0", "1E2", "9" * 36, "9" * 37, "1e35", "1e36", "1.5", "12", "-7", "0.0001",
         "1.00000", "-", "1e", "e5", "00", "1.e3", "1e+", "--1", "1.5e-3", "123456789e-18"]


@pytest.fixture(scope="module")
def numbers(tmp_path_factory):
    root = tmp_path_factory.mktemp("numbers")
    (root / "pack.yaml").write_text('pack: numbers\nversion: 1.0.0\nzone: "+08:00"\n')
    for typ in TYPES:
        (root / f"{typ}.yaml").write_text(textwrap.dedent(f"""\
            policy: as_{typ}
            record: r
            fields:
              v: {typ}
            outputs:
              out: string  # the value's exact text, whatever its size
            decisions:
              - id: out
                rules:
                  - id: echo
                    then:
                      out: "=string(r.v)"
            """))
    return verdict.load(str(root))


def generated(count, seed=7):
    rng = random.Random(seed)

    def digits(lo, hi):
        return "".join(rng.choice("0123456789") for _ in range(rng.randint(lo, hi)))

    texts = []
    for _ in range(count):
        sign = rng.choice(["", "", "-", "+"])
        whole = rng.choice(["0", "00", "0" + digits(1, 3), digits(1, 6), digits(17, 40), ""])
        frac = rng.choice(["", "", "." + digits(1, 4), "." + digits(15, 25), "."])
        exp = rng.choice(["", "", "e" + str(rng.randint(-40, 40)), "E+" + digits(1, 3),
                          "e-" + digits(1, 3), "e", "E+"])
        texts.append(sign + whole + frac + exp)
    return texts


def json_number(text):
    """The text as a JSON line's number reads it (every number a decimal,
    converted by the field as `verdict eval` converts it), or None when a
    JSON line refuses it as malformed."""
    try:
        return json.loads(text, parse_float=D, parse_int=D,
                          parse_constant=lambda c: None)
    except ValueError:
        return None


def result(row):
    if row.get("error"):
        return (row["error"]["code"], row["error"]["field"])
    return row["out"]


@pytest.mark.parametrize("typ", TYPES)
def test_string_cells_read_as_json_numbers(numbers, typ):
    texts = FIXED + generated(400)
    table = pa.table({"v": pa.array(texts, pa.string())})
    arrow = numbers.evaluate_arrow(f"as_{typ}", table, as_of=AS_OF).to_pylist()
    parsed = [json_number(t) for t in texts]
    valid = [k for k, p in enumerate(parsed) if p is not None]
    listed = numbers.evaluate_many(f"as_{typ}", [{"v": parsed[k]} for k in valid],
                                   as_of=AS_OF)
    want = {k: result(row) for k, row in zip(valid, listed)}
    assert len(valid) > 50 and len(texts) - len(valid) > 50  # both kinds generated
    for k, text in enumerate(texts):
        expect = want.get(k, ("wrong_type", "v"))
        assert (text, result(arrow[k])) == (text, expect)


def test_examples_and_their_messages(numbers):
    texts = ["0100", ".5", "+60", "1e400", "1.23456789012345678901", "60", "1e2"]
    table = pa.table({"v": pa.array(texts, pa.large_string())})
    out = numbers.evaluate_arrow("as_money", table, as_of=AS_OF).to_pylist()
    wrong = {"code": "wrong_type", "field": "v",
             "message": "field 'v': expected a number (money), got string"}
    def invalid(text):
        return {"code": "invalid_value", "field": "v",
                "message": f"field 'v': {text} is out of range or too precise"}
    assert [r["error"] or r["out"] for r in out] == [
        wrong, wrong, wrong, invalid("1e400"), invalid("1.23456789012345678901"),
        "60", "100"]
