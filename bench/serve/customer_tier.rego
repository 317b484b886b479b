# customer_tier (rules/bss/customer_tier.yaml) in Rego, for the side-by-side
# load benchmark (bench/serve_load.sh). The same first-hit table on ARPU.
package bss.customer_tier

import rego.v1

decide(c) := {"tier": "high", "archive_required": true, "visit_interval_months": 2, "call_interval_months": 1} if {
	c.arpu >= 60
}

decide(c) := {"tier": "mid", "archive_required": false, "visit_interval_months": null, "call_interval_months": null} if {
	c.arpu >= 30
	c.arpu < 60
}

decide(c) := {"tier": "mass", "archive_required": false, "visit_interval_months": null, "call_interval_months": null} if {
	c.arpu < 30
}

# One record: POST /v1/data/bss/customer_tier/result {"input": {...}}
result := decide(input)

# A batch: POST /v1/data/bss/customer_tier/batch {"input": {"records": [...]}}
batch := [decide(c) | some c in input.records]
