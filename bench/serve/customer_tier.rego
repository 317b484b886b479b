# customer_tier (rules/bss/customer_tier.yaml) in Rego, for the side-by-side
# load benchmark only (bench/serve_load.sh): the same three rows, the same
# outputs. OPA compares JSON numbers exactly (big decimals), like Verdict.
package bss.customer_tier

import rego.v1

result := {"tier": "high", "archive_required": true, "visit_interval_months": 2, "call_interval_months": 1} if {
	input.arpu >= 60
}

result := {"tier": "mid", "archive_required": false, "visit_interval_months": null, "call_interval_months": null} if {
	input.arpu >= 30
	input.arpu < 60
}

result := {"tier": "mass", "archive_required": false, "visit_interval_months": null, "call_interval_months": null} if {
	input.arpu < 30
}
