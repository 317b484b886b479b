// The content hash of a pack: what an audit stamp names so that anyone can
// tell which rules decided.
//
// Definition (also in include/verdict/engine.h, Pack::content_hash()):
// SHA-256, as 64 lowercase hex digits, over the files that decide: pack.yaml,
// every policy file and the calendar (not tests/), taken in byte order of
// their paths relative to the pack folder ('/' separators), each as
//   PATH "\n" LENGTH "\n" BYTES
// where LENGTH is the file's size in bytes in decimal. Recomputed
// independently by tests/differential/content_hash_check.py.
#ifndef VERDICT_SRC_PARSE_CONTENT_HASH_H_
#define VERDICT_SRC_PARSE_CONTENT_HASH_H_

#include <map>
#include <string>
#include <string_view>

namespace verdict::syntax {

// `files` maps each relative path to the file's bytes (a std::map, so the
// iteration order is the canonical byte order). Never fails.
std::string ContentHash(const std::map<std::string, std::string_view>& files);

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_CONTENT_HASH_H_
