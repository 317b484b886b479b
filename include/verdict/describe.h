// The structure of a pack's policies as written in their YAML files: for
// tools that show policies to people (the workbench of `verdict serve`),
// not for evaluation. Every text is the source text: a table cell reads
// ">= 60" or "[30..60)" exactly as written, a list cell "[a, b]", a null
// cell "null", descriptions keep their language. Nothing here is resolved
// or typed beyond what the author wrote.
#ifndef VERDICT_DESCRIBE_H_
#define VERDICT_DESCRIBE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "verdict/engine.h"

namespace verdict {

// A name with the text written beside it (a type, an expression, a value).
using NamedText = std::pair<std::string, std::string>;

struct DescribedField {
  std::string name;
  std::string type;  // as written: "money", "enum(a, b)", "date?"
  bool required = true;
  std::string default_value;  // source text; "" when none
  std::string check;          // "> 0"; "" when none
  std::string pattern;        // RE2 text; "" when none
  std::string description;
};

struct DescribedRule {
  std::string id;
  std::string description;
  int line = 0;                   // of the rule (or table row) in its file
  std::vector<std::string> when;  // rule lists: each condition
  std::vector<NamedText> then;    // rule lists: output -> value text
  std::string then_value;         // collect of a plain value; "" when none
  // Table rows: one text per tested column, then one per output column.
  std::vector<std::string> cells;
};

struct DescribedDecision {
  std::string id;
  std::string description;
  std::string hit;   // first | unique | any | collect
  std::string into;  // collect target; "" when none
  bool table = false;
  std::vector<std::string> columns;  // tables: tested expressions
  std::vector<std::string> outputs;  // tables: output column names
  std::vector<DescribedRule> rules;
};

struct DescribedFunction {
  std::string name;
  std::string description;
  std::vector<NamedText> params;   // name -> type
  std::vector<NamedText> returns;  // name -> type
  DescribedDecision decision;
};

struct PolicyStructure {
  std::string name;
  std::string description;
  std::string file;    // the policy's file, relative to the pack folder
  std::string record;  // the record's name ("customer")
  bool batch = false;
  std::vector<DescribedField> fields;
  std::vector<NamedText> outputs;           // name -> type
  std::vector<NamedText> locals;            // name -> type
  std::vector<NamedText> params;            // name -> value text
  std::vector<std::string> uses;            // policies whose outputs it reads
  std::vector<NamedText> batch_aggregates;  // name -> aggregate expression
  std::vector<NamedText> lets;              // name -> expression
  std::vector<DescribedDecision> decisions;
  std::vector<DescribedFunction> functions;
};

// The structure of `policy` as written. Throws std::invalid_argument for an
// unknown policy. Thread-safe (reads the immutable pack).
PolicyStructure DescribePolicy(const Pack& pack, std::string_view policy);

}  // namespace verdict

#endif  // VERDICT_DESCRIBE_H_
