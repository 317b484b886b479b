// src/serve/replay.h: reading the log, regrouping batches, re-deciding.
#include "src/serve/replay.h"

#include <fcntl.h>
#include <simdjson.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/api/pack_access.h"
#include "src/io/gzip_input.h"
#include "src/io/json_records.h"
#include "src/serve/decision_log.h"
#include "verdict/engine.h"

namespace verdict::serve {

namespace {

namespace od = simdjson::ondemand;

struct Entry {
  size_t line_no = 0;
  std::string request_id, policy, as_of, batch_id;
  bool trace = false;
  bool strict = false;  // decided by a strict pack (serve --strict)
  uint64_t batch_size = 0;
  // Not 0: `record` is the head of a streamed line this long, over the
  // record limit (decided as that line, as the service did).
  uint64_t record_bytes = 0;
  std::string record;    // the text the service decided
  std::string decision;  // the JSON the service answered
};

std::optional<std::string> RawValue(od::value v) {
  od::json_type t;
  if (v.type().get(t)) return std::nullopt;
  std::string_view raw;
  if (t == od::json_type::object) {
    od::object o;
    if (v.get_object().get(o) || o.raw_json().get(raw)) return std::nullopt;
  } else if (t == od::json_type::array) {
    od::array a;
    if (v.get_array().get(a) || a.raw_json().get(raw)) return std::nullopt;
  } else {
    raw = v.raw_json_token();
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t'))
      raw.remove_suffix(1);
  }
  return std::string(raw);
}

// Reads one log line; false when it is not a decision-log line.
bool ParseEntry(od::parser& parser, const std::string& line, Entry* e) {
  simdjson::padded_string padded(line);
  od::document doc;
  od::object obj;
  if (parser.iterate(padded).get(doc) || doc.get_object().get(obj))
    return false;
  bool has_record = false, has_decision = false;
  for (auto field : obj) {
    std::string_view key, s;
    od::value v;
    if (field.unescaped_key().get(key) || field.value().get(v)) return false;
    if (key == "request_id" || key == "policy" || key == "as_of" ||
        key == "record_text" || key == "record_base64") {
      if (v.get_string().get(s)) return false;
      if (key == "request_id") e->request_id = s;
      if (key == "policy") e->policy = s;
      if (key == "as_of") e->as_of = s;
      if (key == "record_text") e->record = s, has_record = true;
      if (key == "record_base64") {
        if (!Base64Decode(s, &e->record)) return false;
        has_record = true;
      }
    } else if (key == "trace") {
      if (v.get_bool().get(e->trace)) return false;
    } else if (key == "strict") {
      if (v.get_bool().get(e->strict)) return false;
    } else if (key == "record_bytes") {
      if (v.get_uint64().get(e->record_bytes) || e->record_bytes == 0)
        return false;
    } else if (key == "batch") {
      od::object b;
      if (v.get_object().get(b)) return false;
      for (auto bf : b) {
        std::string_view bk;
        od::value bv;
        if (bf.unescaped_key().get(bk) || bf.value().get(bv)) return false;
        if (bk == "id") {
          if (bv.get_string().get(s)) return false;
          e->batch_id = s;
        } else if (bk == "size") {
          if (bv.get_uint64().get(e->batch_size)) return false;
        }
      }
    } else if (key == "record" || key == "decision") {
      auto raw = RawValue(v);
      if (!raw) return false;
      if (key == "decision") {
        // Compared as text with the replayed (compact) JSON: a log that a
        // tool wrote again with spaces (Python's json.dumps) must not
        // differ on every line. Strings keep their spaces.
        std::string compact(raw->size(), '\0');
        size_t length = 0;
        if (simdjson::minify(raw->data(), raw->size(), compact.data(), length))
          return false;
        compact.resize(length);
        e->decision = std::move(compact);
        has_decision = true;
      } else {
        e->record = *raw;
        has_record = true;
      }
    }
  }
  // One JSON value a line: two glued objects are no log line (the
  // second one's record would be dropped unseen).
  const char* more = nullptr;
  if (!doc.current_location().get(more)) return false;
  // A cut record's head is never empty, and shorter than its whole line.
  if (e->record_bytes != 0 &&
      (e->record.empty() || e->record_bytes <= e->record.size())) {
    return false;
  }
  return has_record && has_decision && !e->policy.empty() &&
         Date::Parse(e->as_of).has_value();
}

struct Replayer {
  const Pack& pack;
  // The same pack loaded strict, for lines a strict server logged (loaded
  // on first use; `pack` itself when it is strict).
  std::function<const Pack&()> strict_pack;
  size_t records = 0, differ = 0;
  // Working-day computations that read days outside the calendar's years.
  std::atomic<uint64_t> outside_calendar{0};

  // Decides `group` (one record, or one batch request's records) together.
  void Run(const std::vector<Entry>& group) {
    const Entry& first = group.front();
    EvalOptions opt;
    opt.as_of = *Date::Parse(first.as_of);
    opt.trace = first.trace;
    opt.outside_calendar = &outside_calendar;
    // The records as the service decided them: not as the start of a body
    // (the service drops a byte order mark only there, before logging, so
    // a logged mark is content), and a cut record's head (one line, no
    // newline) as the line of record_bytes it was.
    const bool cut = group.size() == 1 && first.record_bytes != 0;
    std::string text;
    for (const Entry& e : group) text += e.record + (cut ? "" : "\n");
    const Pack& decider = first.strict ? strict_pack() : pack;
    std::vector<std::string> got;
    try {
      PackAccess::EvaluateJsonBlock(
          decider, first.policy, text, opt,
          [&](const Decision& d) { got.push_back(pack.ToJson(d)); },
          /*input_start=*/false, cut ? first.record_bytes : 0);
    } catch (const std::exception& ex) {
      got.clear();
    }
    for (size_t i = 0; i < group.size(); ++i) {
      ++records;
      std::string replayed;
      if (i < got.size()) {
        replayed = got[i];
      } else {
        replayed = "{\"error\":{\"code\":\"unknown_policy\",\"message\":";
        AppendJsonString("the pack has no policy '" + first.policy + "'",
                         &replayed);
        replayed += ",\"field\":null}}";
      }
      if (replayed == group[i].decision) continue;
      ++differ;
      std::string out =
          "{\"line\":" + std::to_string(group[i].line_no) + ",\"request_id\":";
      AppendJsonString(group[i].request_id, &out);
      out += ",\"policy\":";
      AppendJsonString(group[i].policy, &out);
      out += ",\"as_of\":\"" + group[i].as_of +
             "\",\"logged\":" + group[i].decision +
             ",\"replayed\":" + replayed + "}\n";
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
  }
};

// The decision log's lines, from a plain file or a gzip-compressed one (a
// rotated log: recognised by its first bytes), read as they are inflated.
class LogLines {
 public:
  explicit LogLines(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      error_ = std::strerror(errno);
      return;
    }
    int read_fd = fd_;
    if (GzipInput::IsGzip(fd_)) {
      gz_ = std::make_unique<GzipInput>(fd_);
      read_fd = gz_->fd();
    }
    file_ = ::fdopen(::dup(read_fd), "r");
    if (!file_) error_ = std::strerror(errno);
  }
  ~LogLines() {
    if (file_) std::fclose(file_);
    gz_.reset();  // before the file it reads
    if (fd_ >= 0) ::close(fd_);
    std::free(buf_);
  }
  LogLines(const LogLines&) = delete;
  LogLines& operator=(const LogLines&) = delete;

  bool ok() const { return file_ != nullptr; }
  const std::string& error() const { return error_; }

  // The next line without its '\n'; `*whole`: whether a '\n' ended it.
  // False at the end, or on a read error (then error() says why: a
  // directory, an I/O error), which is no end of the log.
  bool Next(std::string* line, bool* whole) {
    errno = 0;
    ssize_t n = ::getline(&buf_, &cap_, file_);
    if (n < 0) {
      if (std::ferror(file_)) error_ = std::strerror(errno ? errno : EIO);
      return false;
    }
    *whole = n > 0 && buf_[n - 1] == '\n';
    line->assign(buf_, static_cast<size_t>(n) - (*whole ? 1 : 0));
    return true;
  }
  // After the last line: why a compressed log ended early, or "".
  std::string Finish() { return gz_ ? gz_->Finish() : ""; }

 private:
  int fd_ = -1;
  std::unique_ptr<GzipInput> gz_;
  FILE* file_ = nullptr;
  char* buf_ = nullptr;
  size_t cap_ = 0;
  std::string error_;
};

}  // namespace

int Replay(const std::string& log_path, const std::string& pack_path,
           bool strict) {
  LoadOptions load;
  load.strict_fields = strict;
  LoadResult r = Pack::Load(pack_path, load);
  for (const auto& d : r.diagnostics)
    std::fprintf(stderr, "%s\n", d.ToString().c_str());
  if (!r.ok()) {
    std::fprintf(stderr, "%s: the pack was not loaded\n", pack_path.c_str());
    return 1;
  }
  LogLines in(log_path);
  if (!in.ok()) {
    std::fprintf(stderr, "verdict replay: cannot read '%s': %s\n",
                 log_path.c_str(), in.error().c_str());
    return 1;
  }
  std::shared_ptr<const Pack> strict_pack = strict ? r.pack : nullptr;
  Replayer replayer{*r.pack, [&]() -> const Pack& {
                      if (!strict_pack) {
                        load.strict_fields = true;
                        LoadResult again = Pack::Load(pack_path, load);
                        // The files changed since: the pack as first loaded.
                        strict_pack = again.ok() ? again.pack : r.pack;
                      }
                      return *strict_pack;
                    }};
  od::parser parser;
  std::map<std::string, std::vector<Entry>> batches;  // open batch requests
  std::string line;
  size_t line_no = 0, bad = 0;
  bool whole = true;
  while (in.Next(&line, &whole)) {
    ++line_no;
    if (line.empty()) continue;
    // A final fragment without '\n' is what a killed server may leave (see
    // decision_log.h): no line, and no answered request.
    if (!whole) {
      std::fprintf(stderr, "%s:%zu: ignored: the log ends mid-line\n",
                   log_path.c_str(), line_no);
      break;
    }
    Entry e;
    e.line_no = line_no;
    if (!ParseEntry(parser, line, &e)) {
      std::fprintf(stderr, "%s:%zu: not a decision-log line\n",
                   log_path.c_str(), line_no);
      ++bad;
      continue;
    }
    if (e.batch_id.empty()) {
      replayer.Run({e});
      continue;
    }
    std::vector<Entry>& group = batches[e.batch_id];
    group.push_back(std::move(e));
    if (group.size() >= group.front().batch_size) {
      std::string id = group.front().batch_id;
      replayer.Run(group);
      batches.erase(id);
    }
  }
  // A batch cut short (the log ends mid-request) is still decided as the
  // records that were logged.
  for (auto& [id, group] : batches) replayer.Run(group);
  if (!in.error().empty()) {
    // The lines before the failed read were replayed; the rest was not.
    std::string where =
        line_no ? " after line " + std::to_string(line_no) : std::string();
    std::fprintf(stderr, "verdict replay: cannot read '%s'%s: %s\n",
                 log_path.c_str(), where.c_str(), in.error().c_str());
    return 1;
  }
  std::fprintf(
      stderr, "verdict replay: %zu records, %zu differ%s\n", replayer.records,
      replayer.differ,
      bad ? (", " + std::to_string(bad) + " unreadable lines").c_str() : "");
  if (uint64_t n = replayer.outside_calendar.load()) {
    std::fprintf(stderr, "verdict replay: warning: %s\n",
                 r.pack->OutsideCalendarWarning(n).c_str());
  }
  if (std::string broken = in.Finish(); !broken.empty()) {
    // The lines before the break were replayed and reported.
    std::fprintf(stderr, "verdict replay: the log '%s' is %s\n",
                 log_path.c_str(), broken.c_str());
    return 1;
  }
  if (bad) return 1;
  return replayer.differ ? 2 : 0;
}

}  // namespace verdict::serve
