// The C++ side of the zone differential test (zone_reference.py): reads one
// query per line from standard input and writes one answer line, so that
// thousands of generated cases cost one process.
//
//   offset ZONE UTC_SECONDS    -> Zone::OffsetAt, seconds east of UTC
//   utc ZONE LOCAL_SECONDS     -> Zone::ToUtc of a wall-clock reading
//   format ZONE UTC_SECONDS    -> Timestamp::ToLocalString
//
// ZONE is parsed as a pack's zone (Zone::Parse); an unknown one answers
// "unknown".
#include <iostream>
#include <sstream>
#include <string>

#include "verdict/value.h"
#include "verdict/zone.h"

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string op, name;
    int64_t x = 0;
    if (!(in >> op >> name >> x)) {
      std::cerr << "bad query: " << line << "\n";
      return 2;
    }
    auto zone = verdict::Zone::Parse(name);
    if (!zone) {
      std::cout << "unknown\n";
    } else if (op == "offset") {
      std::cout << zone->OffsetAt(x) << "\n";
    } else if (op == "utc") {
      std::cout << zone->ToUtc(x) << "\n";
    } else if (op == "format") {
      std::cout << verdict::Timestamp{x, 0}.ToLocalString(*zone) << "\n";
    } else {
      std::cerr << "bad query: " << line << "\n";
      return 2;
    }
  }
  return 0;
}
