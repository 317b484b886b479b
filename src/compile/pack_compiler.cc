// Compiles a pack's syntax tree (pack_syntax.h) into the immutable
// PackImpl: the pack's zone and content hash, its calendar, then its
// functions and policies in dependency order of `uses`. The pieces are
// compiled by the files beside this one, one concept each: calendar,
// policies (fields, used policies, batch aggregates), decisions and table
// cells, functions, expressions, fast paths; and the names the pack's test
// files use (test_names.h). Every problem is reported with
// its file, line and column; compilation goes on after an error so that
// one run reports them all.
#include <fmt/format.h>

#include <cstdlib>
#include <functional>
#include <set>

#include "src/compile/calendar_compiler.h"
#include "src/compile/functions.h"
#include "src/compile/policy_build.h"
#include "src/compile/test_names.h"
#include "verdict/zone.h"

namespace verdict {
namespace {

// The pack's own settings: version, zone, content hash, calendar.
void CompileHeader(CompileContext& ctx, const syntax::Pack& s) {
  PackImpl& pack = ctx.pack();
  pack.path = s.path;
  pack.name = s.name;
  pack.version = s.version.empty() ? "0" : s.version;
  // "UTC", "Z", an offset such as +08:00, or an IANA name from $TZDIR.
  if (auto z = Zone::Parse(s.zone)) {
    pack.zone = *z;
  } else {
    const char* tzdir = std::getenv("TZDIR");
    ctx.Error(s.zone_pos,
              "zone '" + s.zone +
                  "' is not an offset such as +08:00 nor a time zone name "
                  "such as Asia/Shanghai found under " +
                  (tzdir && *tzdir ? tzdir : "/usr/share/zoneinfo") +
                  " ($TZDIR)");
  }
  pack.content_hash = s.content_hash;  // computed by LoadPackSyntax()
  if (s.calendar) {
    CompileCalendar(ctx, *s.calendar, &pack.calendar);
  } else {
    pack.calendar = Calendar::Default();
  }
}

using PoliciesByName = std::map<std::string, syntax::Policy*>;

// The policies by name; reports a name defined twice.
PoliciesByName IndexPolicies(CompileContext& ctx, syntax::Pack& s) {
  PoliciesByName by_name;
  for (auto& p : s.policies) {
    if (by_name.count(p.name)) {
      ctx.Error(p.pos, "policy '" + p.name + "' is defined twice (also in " +
                           by_name[p.name]->file + ")");
      continue;
    }
    by_name[p.name] = &p;
  }
  return by_name;
}

// What the pack keeps of a compiled policy's syntax: its name, position,
// file and text, from which syntax::ReparsePolicy() reads it again.
void Release(syntax::Policy& p) {
  syntax::Policy kept;
  kept.file = std::move(p.file);
  kept.name = std::move(p.name);
  kept.pos = std::move(p.pos);
  kept.text = std::move(p.text);
  p = std::move(kept);
}

// Compiles every policy after the policies it uses, releasing each one's
// syntax once it is compiled; reports unknown and circular `uses`.
void CompilePoliciesInOrder(CompileContext& ctx, syntax::Pack& s,
                            const PoliciesByName& by_name) {
  std::set<std::string> done, visiting;
  std::function<void(syntax::Policy&)> visit = [&](syntax::Policy& p) {
    if (done.count(p.name)) return;
    if (visiting.count(p.name)) {
      ctx.Error(p.pos, "policy '" + p.name + "' uses itself through 'uses'");
      return;
    }
    visiting.insert(p.name);
    for (const auto& u : p.uses) {
      auto it = by_name.find(u.name);
      if (it == by_name.end()) {
        std::vector<std::string> names;
        for (const auto& [k, v] : by_name) names.push_back(k);
        std::string hint = NearestName(u.name, names);
        ctx.Error(u.pos,
                  "unknown policy '" + u.name + "' in uses" +
                      (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      } else {
        visit(*it->second);
      }
    }
    visiting.erase(p.name);
    done.insert(p.name);
    CompilePolicy(ctx, p);
    Release(p);
  };
  for (auto& p : s.policies) visit(p);
}

}  // namespace

std::unique_ptr<PackImpl> CompilePack(syntax::Pack s, const Limits& limits,
                                      std::vector<Diagnostic>* diags) {
  auto pack = std::make_unique<PackImpl>();
  pack->limits = limits;
  CompileContext ctx(pack.get(), diags);
  ctx.budget = std::move(s.budget);  // syntax::Pack::budget: load time only
  ctx.has_calendar = s.calendar.has_value();
  CompileHeader(ctx, s);
  PoliciesByName by_name = IndexPolicies(ctx, s);
  // Before compiling: each policy's syntax is released once compiled.
  CheckTestNames(ctx, s);
  // Functions first: any policy may call them.
  for (auto& p : s.policies) {
    for (auto& f : p.functions) CompileFunction(ctx, p, f);
  }
  CompilePoliciesInOrder(ctx, s, by_name);
  pack->syntax = std::move(s);
  if (ctx.failed()) return nullptr;
  return pack;
}

}  // namespace verdict
