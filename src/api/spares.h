// Buffers lent for one call and taken back with their capacity, so that
// work repeated chunk after chunk (the vector path's kernels, VRun)
// allocates only until it has seen its largest chunk: after that, deciding
// a chunk calls no allocator (issue #12: no allocation per record).
#ifndef VERDICT_SRC_API_SPARES_H_
#define VERDICT_SRC_API_SPARES_H_

#include <tuple>
#include <utility>
#include <vector>

namespace verdict {

// Spares of each of `Ts` (default-constructible, movable). Lend<T>() gives
// a T that is empty as far as its user can tell: a std::vector cleared
// (size 0), a type with a Clear() member cleared by it, a std::vector of
// such a type keeping its size with each element cleared (its user grows
// it as needed). The T goes back when the Lent dies. Lent objects may nest
// (a kernel that lends calls one that lends) and die in any order. Not
// thread-safe: one owner, one thread.
template <class... Ts>
class Spares {
 public:
  template <class T>
  class Lent {
   public:
    explicit Lent(Spares& s) : spares_(&s), value_(s.template Take<T>()) {}
    ~Lent() { spares_->Give(std::move(value_)); }
    Lent(const Lent&) = delete;
    Lent& operator=(const Lent&) = delete;

    T& operator*() { return value_; }
    T* operator->() { return &value_; }

   private:
    Spares* spares_;
    T value_;
  };

  template <class T>
  Lent<T> Lend() {
    return Lent<T>(*this);
  }

 private:
  template <class T>
  static void Clear(T& v) {
    if constexpr (requires { v.Clear(); }) {
      v.Clear();
    } else if constexpr (requires { v.front().Clear(); }) {
      for (auto& x : v) x.Clear();
    } else {
      v.clear();
    }
  }
  template <class T>
  T Take() {
    std::vector<T>& free = std::get<std::vector<T>>(free_);
    if (free.empty()) return T();
    T v = std::move(free.back());
    free.pop_back();
    Clear(v);
    return v;
  }
  template <class T>
  void Give(T&& v) {
    std::get<std::vector<T>>(free_).push_back(std::move(v));
  }

  std::tuple<std::vector<Ts>...> free_;
};

}  // namespace verdict

#endif  // VERDICT_SRC_API_SPARES_H_
