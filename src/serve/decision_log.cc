// src/serve/decision_log.h: whole-line appends and the line format.
#include "src/serve/decision_log.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "src/io/json_check.h"
#include "src/io/json_records.h"
#include "src/value/utf8.h"

namespace verdict::serve {

std::unique_ptr<DecisionLog> DecisionLog::Open(const std::string& path,
                                               std::string* error) {
  int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = fmt::format("cannot open decision log '{}': {}", path,
                         std::strerror(errno));
    return nullptr;
  }
  DropTornTail(fd);
  return std::unique_ptr<DecisionLog>(new DecisionLog(fd));
}

void DecisionLog::DropTornTail(int fd) {
  off_t size = ::lseek(fd, 0, SEEK_END);
  off_t end = size;  // just after the last '\n' found so far (or 0)
  char buf[4096];
  while (end > 0) {
    off_t from = end > static_cast<off_t>(sizeof buf)
                     ? end - static_cast<off_t>(sizeof buf)
                     : 0;
    ssize_t n = ::pread(fd, buf, static_cast<size_t>(end - from), from);
    if (n <= 0) return;  // unreadable (O_RDWR is needed): leave it as it is
    ssize_t i = n;
    while (i > 0 && buf[i - 1] != '\n') --i;
    if (i > 0) {
      end = from + i;
      break;
    }
    end = from;
  }
  if (end < size && ::ftruncate(fd, end) != 0) return;
}

DecisionLog::~DecisionLog() { ::close(fd_); }

int DecisionLog::Append(std::string_view lines) {
  // One write(2) per call: with O_APPEND the kernel places the whole buffer
  // at the end of the file at once. A short write (disk full) would leave a
  // partial line; finish it so the file stays line-structured.
  const char* p = lines.data();
  size_t left = lines.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return 0;
}

void DecisionLog::Sync() { ::fdatasync(fd_); }

std::string UtcNow() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                now.time_since_epoch())
                .count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

std::string LogLinePrefix(std::string_view request_id, const Pack& pack,
                          std::string_view policy, Date as_of, bool trace) {
  std::string out = "{\"time\":\"" + UtcNow() + "\",\"request_id\":";
  AppendJsonString(request_id, &out);
  out += ",\"policy\":";
  AppendJsonString(policy, &out);
  out += ",\"as_of\":\"" + as_of.ToString() + "\",\"pack\":{\"name\":";
  AppendJsonString(pack.name(), &out);
  out += ",\"version\":";
  AppendJsonString(pack.version(), &out);
  out += ",\"content_hash\":";
  AppendJsonString(pack.content_hash(), &out);
  out += trace ? "},\"trace\":true" : "},\"trace\":false";
  // Only a strict pack says so: replay must refuse undeclared keys too.
  if (pack.strict_fields()) out += ",\"strict\":true";
  return out;
}

namespace {

// True when `line` is one complete JSON value (strict grammar and UTF-8,
// which the record reader alone does not prove for fields it skips) on one
// line; money beyond 64 bits, which the reader decides, counts.
bool IsJson(std::string_view line) {
  return line.find_first_of("\r\n") == std::string_view::npos &&
         IsOneJsonValue(line);
}

}  // namespace

void AppendLogLine(std::string_view prefix, std::string_view batch_id,
                   size_t index, size_t size, std::string_view line,
                   std::string_view decision_json, std::string* out,
                   size_t record_bytes) {
  *out += prefix;
  if (!batch_id.empty()) {
    *out += ",\"batch\":{\"id\":";
    AppendJsonString(batch_id, out);
    *out += fmt::format(",\"index\":{},\"size\":{}}}", index, size);
  }
  if (record_bytes != 0)
    *out += fmt::format(",\"record_bytes\":{}", record_bytes);
  if (IsJson(line)) {
    *out += ",\"record\":";
    *out += line;
  } else if (FirstInvalidUtf8(line) == std::string_view::npos) {
    *out += ",\"record_text\":";
    AppendJsonString(line, out);
  } else {
    *out += ",\"record_base64\":\"" + Base64Encode(line) + "\"";
  }
  *out += ",\"decision\":";
  *out += decision_json;
  *out += "}\n";
}

namespace {
constexpr char kB64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

bool Base64Decode(std::string_view text, std::string* out) {
  if (text.size() % 4 != 0) return false;
  out->clear();
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = text[i + k];
      const char* pos = c ? std::strchr(kB64, c) : nullptr;
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        ++pad;
        v <<= 6;
        continue;
      }
      if (!pos || pad) return false;
      v = (v << 6) | static_cast<uint32_t>(pos - kB64);
    }
    out->push_back(static_cast<char>(v >> 16));
    if (pad < 2) out->push_back(static_cast<char>((v >> 8) & 0xff));
    if (pad < 1) out->push_back(static_cast<char>(v & 0xff));
  }
  return true;
}

}  // namespace verdict::serve
