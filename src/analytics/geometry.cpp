#include "analytics/geometry.h"

#include <algorithm>

namespace anninh::analytics {

bool Contains(const Polygon& polygon, Point p) {
  if (polygon.size() < 3) return false;
  bool inside = false;
  for (std::size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
    const Point& a = polygon[i];
    const Point& b = polygon[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

namespace {
float Cross(Point a, Point b, Point p) { return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x); }
}  // namespace

int SideOf(Point a, Point b, Point p) {
  // With y down, a positive cross product is clockwise from a→b: the walker's right.
  const float c = Cross(a, b, p);
  return c > 0 ? 1 : (c < 0 ? -1 : 0);
}

bool SegmentsCross(Point a, Point b, Point from, Point to) {
  const float d1 = Cross(a, b, from), d2 = Cross(a, b, to);
  const float d3 = Cross(from, to, a), d4 = Cross(from, to, b);
  return ((d1 <= 0 && d2 >= 0) || (d1 >= 0 && d2 <= 0)) && ((d3 <= 0 && d4 >= 0) || (d3 >= 0 && d4 <= 0)) &&
         !(d1 == 0 && d2 == 0);
}

float Iou(const events::Box& a, const events::Box& b) {
  const float x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
  const float x1 = std::min(a.x + a.w, b.x + b.w), y1 = std::min(a.y + a.h, b.y + b.h);
  if (x1 <= x0 || y1 <= y0) return 0;
  const float inter = (x1 - x0) * (y1 - y0);
  return inter / (a.w * a.h + b.w * b.h - inter);
}

}  // namespace anninh::analytics
