// The bodies of the libFuzzer targets, shared by the fuzzers (fuzz/fuzz_*.cc)
// and by the regression test that replays what they found
// (tests/hardening/regressions_test.cc). Each runs one input through a part
// of the engine and checks properties that must hold for any input; a
// crash, a sanitizer report, a hang or a failed property (abort) is a bug.
#ifndef VERDICT_FUZZ_FUZZ_TARGETS_H_
#define VERDICT_FUZZ_FUZZ_TARGETS_H_

#include <string_view>

namespace verdict::fuzz {

// The expression parser, checker and evaluator (verdict::EvaluateExpression),
// with and without type checking, over a few typed variables.
void RunExpression(std::string_view input);

// The JSON Lines record reader and every policy of rules/bss, collected and
// streaming; lenient or strict, with or without trace and audit (which of
// the four is picked by the input's hash). The fast reader of flat records
// must read every line as the full reader does (differential).
void RunRecords(std::string_view input);

// The pack loader and compiler: `input` is one policy file of a pack that
// also has a fixed pack.yaml and calendar.yaml. Packs that load are
// evaluated and their own tests run.
void RunPack(std::string_view input);

// The inflater of compressed bodies and files (src/io/inflate.h): any bytes
// as gzip or deflate through Feed() whole and Pump() in pieces with small
// output limits (the same verdict, the same bytes), and the bytes deflated
// by zlib inflated back exactly.
void RunInflate(std::string_view input);

// The target named `name` ("expression", "records", "pack", "inflate"), or
// nullptr.
using Target = void (*)(std::string_view);
Target TargetNamed(std::string_view name);

}  // namespace verdict::fuzz

#endif  // VERDICT_FUZZ_FUZZ_TARGETS_H_
