// Spares (src/api/spares.h): what is lent is empty to its user and goes
// back with its capacity; lends nest; a type with Clear() is cleared by
// it, a vector of such keeps its size.
#include "src/api/spares.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace verdict {
namespace {

struct Cell {
  std::vector<int> v;
  int cleared = 0;
  void Clear() {
    v.clear();
    ++cleared;
  }
};

using TestSpares =
    Spares<std::vector<int>, std::string, Cell, std::vector<Cell>>;

TEST(SparesTest, LentBuffersComeBackWithTheirCapacity) {
  TestSpares s;
  const int* data = nullptr;
  {
    auto v = s.Lend<std::vector<int>>();
    EXPECT_TRUE(v->empty());
    v->assign(1000, 7);
    data = v->data();
  }
  auto again = s.Lend<std::vector<int>>();
  EXPECT_TRUE(again->empty());          // cleared...
  EXPECT_GE(again->capacity(), 1000u);  // ...but the same storage
  EXPECT_EQ(again->data(), data);
}

TEST(SparesTest, NestedLendsAreDistinctAndEachComesBack) {
  TestSpares s;
  {
    auto a = s.Lend<std::string>();
    auto b = s.Lend<std::string>();
    a->assign(100, 'a');
    b->assign(200, 'b');
    EXPECT_NE(a->data(), b->data());
    EXPECT_EQ(*a, std::string(100, 'a'));
  }
  auto c = s.Lend<std::string>();
  auto d = s.Lend<std::string>();
  EXPECT_TRUE(c->empty());
  EXPECT_TRUE(d->empty());
  // Both kept their capacity (SSO holds 15 characters).
  EXPECT_GE(c->capacity(), 100u);
  EXPECT_GE(d->capacity(), 100u);
}

TEST(SparesTest, ClearMembersAndVectorsOfThemKeepTheirSize) {
  TestSpares s;
  {
    auto cell = s.Lend<Cell>();
    EXPECT_EQ(cell->cleared, 0);  // new
    cell->v.assign(50, 1);
  }
  {
    auto cell = s.Lend<Cell>();
    EXPECT_EQ(cell->cleared, 1);
    EXPECT_TRUE(cell->v.empty());
    EXPECT_GE(cell->v.capacity(), 50u);
  }
  {
    auto cells = s.Lend<std::vector<Cell>>();
    cells->resize(3);
    (*cells)[2].v.assign(9, 9);
  }
  auto cells = s.Lend<std::vector<Cell>>();
  ASSERT_EQ(cells->size(), 3u);
  for (const Cell& c : *cells) {
    EXPECT_EQ(c.cleared, 1);
    EXPECT_TRUE(c.v.empty());
  }
  EXPECT_GE((*cells)[2].v.capacity(), 9u);
}

}  // namespace
}  // namespace verdict
