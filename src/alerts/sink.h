// A destination for alerts (the MQTT broker, one webhook). The dispatcher offers each alert
// to every sink whose filter matches; a sink queues it and sends on its own thread, so a
// slow or dead destination delays only itself.
#pragma once

#include "alerts/alert.h"
#include "alerts/metrics.h"
#include "alerts/options.h"

namespace anninh::alerts {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual const SinkFilter& filter() const = 0;
  // Never blocks: a full queue drops its oldest alert (counted).
  virtual void Offer(AlertPtr alert) = 0;
  virtual SinkStats Stats() const = 0;
  // Stops the thread; what is still queued goes to the dead-letter log. Idempotent.
  virtual void Stop() = 0;
};

}  // namespace anninh::alerts
