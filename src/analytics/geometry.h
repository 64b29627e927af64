// Shapes in normalised frame coordinates (0..1 of width and height, y down), so zones, masks
// and lines drawn once survive a change of analysis resolution or of the camera's stream.
#pragma once

#include <string>
#include <vector>

#include "events/event.h"

namespace anninh::analytics {

struct Point {
  float x = 0, y = 0;
};

using Polygon = std::vector<Point>;

// Even-odd rule; a polygon with fewer than 3 points contains nothing.
bool Contains(const Polygon& polygon, Point p);

// The side of the directed line a→b that p lies on, as a person standing at a and looking
// toward b sees it: +1 right, -1 left, 0 on the line. Image y grows downward.
int SideOf(Point a, Point b, Point p);

// Whether the movement from `from` to `to` crosses the segment a–b (touching an end counts).
bool SegmentsCross(Point a, Point b, Point from, Point to);

float Iou(const events::Box& a, const events::Box& b);

// The point of a box that stands on the ground (bottom centre): what zones and lines test,
// because a person's feet, not their head, say where they are.
inline Point FootOf(const events::Box& b) { return {b.x + b.w / 2, b.y + b.h}; }
inline Point CentreOf(const events::Box& b) { return {b.x + b.w / 2, b.y + b.h / 2}; }

}  // namespace anninh::analytics
